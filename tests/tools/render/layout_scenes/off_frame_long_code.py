from manim import *


class CodeTooLong(Scene):
    def construct(self):
        src = "\n".join(f"print('line number {i} of a long listing that goes on')" for i in range(24))
        code = Code(code_string=src, language="python")
        self.play(FadeIn(code))
        self.wait(1)
