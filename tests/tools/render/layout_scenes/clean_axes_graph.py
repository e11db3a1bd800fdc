from manim import *


class AxesWithGraph(Scene):
    def construct(self):
        axes = Axes(x_range=[-3, 3, 1], y_range=[0, 9, 3], x_length=8, y_length=5).add_coordinates()
        labels = axes.get_axis_labels(x_label="x", y_label="y")
        graph = axes.plot(lambda x: x**2, color=BLUE)
        graph_label = axes.get_graph_label(graph, label="y = x^2", x_val=2, direction=RIGHT)
        self.play(Create(axes), Write(labels))
        self.play(Create(graph), run_time=2)
        self.play(Write(graph_label))
        self.wait(1)
