from manim import *


class Bars(Scene):
    def construct(self):
        chart = BarChart(values=[3, 5, 2, 4], bar_names=["A", "B", "C", "D"], y_range=[0, 6, 1])
        title = Text("Votes", font_size=36).to_edge(UP)
        self.play(Create(chart), Write(title))
        self.wait(1)
