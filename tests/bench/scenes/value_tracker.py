from manim import *


class ValueTrackerCounter(Scene):
    def construct(self):
        tracker = ValueTracker(0)
        number = DecimalNumber(0, num_decimal_places=1, font_size=72)
        number.add_updater(lambda m: m.set_value(tracker.get_value()))
        bar = always_redraw(
            lambda: Rectangle(
                width=0.1 + tracker.get_value() / 2, height=0.5, fill_opacity=0.8, color=GREEN
            ).next_to(number, DOWN)
        )
        self.add(number, bar)
        self.play(tracker.animate.set_value(10), run_time=2)
        self.wait(0.5)
