from manim import *


class AxesIn3D(ThreeDScene):
    def construct(self):
        axes = ThreeDAxes(
            x_range=[-3, 3], y_range=[-3, 3], z_range=[-2, 2], x_length=6, y_length=6, z_length=4
        )
        labels = axes.get_axis_labels()
        title = Text("Three dimensions", font_size=36).to_corner(UL)
        self.set_camera_orientation(phi=70 * DEGREES, theta=-45 * DEGREES)
        self.add_fixed_in_frame_mobjects(title)
        self.play(Create(axes), Write(labels), Write(title))
        self.begin_ambient_camera_rotation(rate=0.4)
        self.wait(1)
        self.stop_ambient_camera_rotation()
