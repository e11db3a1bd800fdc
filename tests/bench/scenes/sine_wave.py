from manim import *


class SineWave(Scene):
    def construct(self):
        axes = Axes(x_range=[0, 2 * PI, PI / 2], y_range=[-1.5, 1.5, 0.5], x_length=8, y_length=4)
        graph = axes.plot(np.sin, color=YELLOW)
        dot = Dot(axes.c2p(0, 0), color=RED)
        self.play(Create(axes))
        self.play(Create(graph), run_time=1.5)
        self.play(MoveAlongPath(dot, graph), run_time=1.5)
