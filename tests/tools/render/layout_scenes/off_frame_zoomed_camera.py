from manim import *


class ZoomCutsCaption(MovingCameraScene):
    def construct(self):
        square = Square()
        caption = Text("the area grows with the square of the side", font_size=36).shift(DOWN * 1.6)
        self.play(Create(square), Write(caption))
        self.play(self.camera.frame.animate.scale(0.6))
        self.wait(1.5)
