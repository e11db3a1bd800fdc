from manim import *


def old_graph(axes):
    return axes.get_graph(lambda x: x**2, x_min=-1, x_max=1)


class Clean(Scene):
    def construct(self):
        dot = Dot(color=BLUE)
        self.play(FadeIn(dot))


class OldApi(Scene):
    def construct(self):
        axes = Axes()
        curve = ParametricFunction(lambda t: [t, t**2, 0], t_min=-1, t_max=1)
        self.add(axes, curve, old_graph(axes), axes.get_graph(lambda x: x))
