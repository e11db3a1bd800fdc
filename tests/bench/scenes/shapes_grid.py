from manim import *


class ShapesGrid(Scene):
    def construct(self):
        shapes = VGroup(
            *[
                (Circle if i % 2 else Square)(color=random_bright_color()).scale(0.4)
                for i in range(12)
            ]
        ).arrange_in_grid(rows=3, cols=4, buff=0.4)
        self.play(LaggedStart(*[GrowFromCenter(s) for s in shapes], lag_ratio=0.1))
        self.play(shapes.animate.rotate(PI / 4))
        self.play(FadeOut(shapes, shift=DOWN))
