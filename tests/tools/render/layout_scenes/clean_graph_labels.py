from manim import *


class LabeledGraph(Scene):
    def construct(self):
        ax = Axes(x_range=[-3, 3], y_range=[-1, 9], x_length=6, y_length=5, axis_config={"include_numbers": True})
        curve = ax.plot(lambda x: x**2, color=BLUE)
        lab = ax.get_graph_label(curve, "x^2", x_val=2, direction=UR)
        xl = ax.get_x_axis_label("x")
        self.play(Create(ax), Create(curve), Write(lab), Write(xl))
        self.wait(1)
