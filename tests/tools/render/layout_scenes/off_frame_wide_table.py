from manim import *


class WideTable(Scene):
    def construct(self):
        table = Table(
            [["alpha", "beta", "gamma", "delta", "epsilon"], ["1", "2", "3", "4", "5"]],
            col_labels=[Text("first"), Text("second"), Text("third"), Text("fourth"), Text("fifth")],
        )
        self.play(Create(table))
        self.wait(1)
