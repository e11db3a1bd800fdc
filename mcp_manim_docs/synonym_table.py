"""The synonym table: how people ask for things, and what manim calls them.

One row per idea: everyday phrasings ("|"-separated, matched on stemmed words within a short
window), the manim words they add to the query, and the symbols that do the job, most relevant
first. `synonyms.py` compiles it; keep phrasings natural and general, never one question's words.
"""

from __future__ import annotations

# (how people say it, "|"-separated) -> (manim words, symbols). Keep phrasings natural and general.
# fmt: off
TABLE: tuple[tuple[str, str, str], ...] = (
    # camera
    ("zoom|zoom in|zoom out|magnify|close up|closer look|enlarge part|focus camera|camera closer",
     "camera frame scale", "MovingCameraScene ZoomedScene MovingCamera.auto_zoom"),
    ("pan|move camera|camera moves|camera follows|follow camera|track camera|camera frame|scroll scene",
     "camera frame", "MovingCameraScene MovingCamera"),
    ("inset|picture in picture|magnifying glass|zoomed view|zoomed display", "zoom camera", "ZoomedScene"),
    ("camera angle|viewpoint|view angle|perspective|tilt camera|view from above|camera orientation|phi theta",
     "camera orientation", "ThreeDScene.set_camera_orientation ThreeDScene.move_camera"),
    ("rotate camera|orbit camera|spin camera|camera around|revolve camera|camera rotation|ambient rotation",
     "camera rotation", "ThreeDScene.begin_ambient_camera_rotation ThreeDScene.move_camera"),
    ("3d|three dimensions|three dimensional|depth scene", "3d", "ThreeDScene ThreeDAxes Surface"),
    ("surface|z f x y|3d plot|mesh|height map", "surface 3d", "Surface ThreeDAxes"),
    ("sphere|ball|globe", "sphere", "Sphere"),
    ("cube|3d box", "cube", "Cube Prism"),
    ("cone|cylinder|prism|torus", "3d", "Cone Cylinder Prism Torus"),
    ("fixed in frame|fixed text|text fixed|keep fixed|stay fixed|hud|overlay|fixed on screen|fix in frame",
     "fixed frame", "ThreeDScene.add_fixed_in_frame_mobjects"),
    # changing values and updaters
    ("number changes|change number|counter|count up|count down|counting|ticking number|odometer"
     "|countdown|timer|stopwatch|clock|readout|live coordinates|show coordinates"
     "|animate number|changing value|value changes|number increases|increase number|live number"
     "|number display|display number|display value",
     "value tracker decimal number", "ValueTracker DecimalNumber ChangingDecimal ChangeDecimalToValue Integer"),
    ("parameter|slider|tracker|variable changes|animate value|smooth value|track value|over time",
     "value tracker", "ValueTracker"),
    ("smoothly change|gradually change|animate change|change gradually|animate property|animate method",
     "animate", "Mobject.animate"),
    ("label value|value label|variable|x equals|value next label", "variable value", "Variable ValueTracker"),
    ("decimal|float|digits", "decimal number", "DecimalNumber"),
    ("integer|whole number", "integer", "Integer"),
    ("follow|follows|stick|attach|keep next|move together|depends|depending|stay attached|dynamic"
     "|continuously|every frame|each frame|real time|keep updated|update automatically|auto update"
     "|as it moves|while it moves|while moving|as moves|live",
     "updater", "Mobject.add_updater always_redraw"),
    ("redraw|recompute|rebuild|regenerate", "redraw updater", "always_redraw Mobject.become"),
    ("trail|trace|path behind|tail|streak|leave path|draw path|trajectory|footprints|breadcrumbs|traced",
     "traced path", "TracedPath"),
    ("along path|follow path|follow curve|travel along|along curve|moves along|orbit|path animation"
     "|move in a circle|circular motion|go around|goes around|around a circle",
     "move along path", "MoveAlongPath"),
    ("spin|rotate|rotation|turn around|revolve|twirl|swing|pendulum|pivot|tilt", "rotate",
     "Rotate Rotating Mobject.rotate"),
    ("rotate forever|keep spinning|continuous rotation|spin continuously", "rotate updater",
     "Rotating Mobject.add_updater"),
    # appearing, disappearing and emphasis
    ("fade|fade in|fade out|appear|disappear|vanish|dissolve|fade away", "fade", "FadeIn FadeOut"),
    ("draw|sketch|draw outline|draw in|curve appear|line appear|appear gradually|draw gradually|progressively"
     "|stroke by stroke", "create", "Create DrawBorderThenFill"),
    ("write|handwriting|write out|hand written|reveal|uncover|gradually reveal", "write", "Write"),
    ("letter by letter|typewriter|typing|type out|character at a time|char by char|typing effect",
     "letter", "AddTextLetterByLetter TypeWithCursor Write"),
    ("word by word", "word", "AddTextWordByWord"),
    ("erase|undraw|remove|delete|clear|get rid", "remove uncreate", "FadeOut Uncreate Unwrite Scene.remove"),
    ("grow|pop in|pop up|appear from center|scale up from nothing", "grow",
     "GrowFromCenter GrowFromPoint SpinInFromNothing"),
    ("highlight|emphasize|emphasise|emphasis|draw attention|call out|point out|attention|focus on"
     "|flash|blink|pulse|stand out", "indicate highlight", "Indicate Circumscribe Flash FocusOn"),
    ("circle around|box around|surround|frame around|enclose|rectangle around|outline around"
     "|highlight box|highlight rectangle|box highlight",
     "surrounding", "SurroundingRectangle Circumscribe"),
    ("shake|wiggle|wobble|jiggle", "wiggle", "Wiggle"),
    ("wave|ripple", "wave", "ApplyWave"),
    ("underline", "underline", "Underline"),
    ("cross out|strike through|strikethrough", "cross", "Cross"),
    # transforms
    ("morph|turn into|becomes|become|transform|change into|convert into|shape shift|mutate|replace"
     "|swap|interpolate|transition|transition between|change to|changing to|changes to", "transform", "Transform ReplacementTransform"),
    ("equation steps|algebra steps|rearrange equation|solve step|step by step|transform equation"
     "|matching parts|derivation steps|manipulate equation|equation changes|change equation"
     "|rearrange letters|rearranging letters|anagram|shuffle letters|letters move|other side"
     "|equals sign|move term|moving terms|both sides|cancel term|terms between equations",
     "transform matching tex", "TransformMatchingTex TransformMatchingShapes"),
    ("copy|duplicate|clone", "copy", "TransformFromCopy Mobject.copy"),
    ("cross fade|crossfade", "fade transform", "FadeTransform"),
    # text and math
    ("equation|formula|math|latex|expression|fraction|integral|summation|greek|symbol",
     "math tex", "MathTex Tex"),
    ("text|words|caption|sentence|string|font|paragraph|hello world|hello", "text", "Text"),
    ("bold|italic|styled text|markup|rich text|html", "markup text", "MarkupText"),
    ("bullets|bullet points|list items|key points|numbered list", "bulleted list", "BulletedList"),
    ("title|heading|header", "title", "Title"),
    ("color part|color term|color word|color variable|color letter|color symbol",
     "color tex", "MathTex.set_color_by_tex Text"),
    ("font size|text size|bigger text|smaller text|larger text", "font size", "Text MathTex Mobject.scale"),
    ("show code|display code|python code|source code|syntax highlighting|code block|program listing"
     "|code listing|code snippet|highlight code|code line numbers|programming code|code on screen"
     "|code color|code style|code theme|code font", "code", "Code"),
    ("multiline|multi line|multiple lines|new line|newline|line break|several lines|lines of text"
     "|wrap text|text wrap|wrapping|wrap around|break into lines|paragraph", "paragraph line",
     "Paragraph MarkupText Tex"),
    ("matrix|matrices|column vector", "matrix", "Matrix"),
    ("matrix transformation|linear transformation|apply matrix|linear map|transform grid|shear",
     "apply matrix", "ApplyMatrix LinearTransformationScene"),
    # plotting
    ("graph function|plot|function graph|curve function|draw function|f x|sine wave|sin curve|parabola"
     "|cosine|exponential curve|graph equation|graph of|graph the|sin|cos|tan|exp|log|sqrt|polynomial"
     "|quadratic|cubic|y equals", "plot function graph", "Axes.plot FunctionGraph"),
    ("axes|coordinate system|cartesian|x axis|y axis|coordinate plane", "axes", "Axes NumberPlane"),
    ("grid|graph paper|grid lines|background grid", "grid plane", "NumberPlane Mobject.arrange_in_grid"),
    ("area under|under curve|shade region|fill area|area between|integral area|region between"
     "|between two curves|between curves|region under|fill region|shaded region", "area",
     "Axes.get_area"),
    ("riemann|rectangles under|approximate integral|sum rectangles", "riemann rectangles",
     "Axes.get_riemann_rectangles"),
    ("parametric|spiral|helix|lissajous|cycloid|custom curve|curve from equation", "parametric curve",
     "ParametricFunction Axes.plot_parametric_curve"),
    ("polar", "polar", "PolarPlane Axes.plot_polar_graph"),
    ("tangent|slope|secant|derivative", "tangent slope",
     "TangentLine Axes.get_secant_slope_group Axes.plot_derivative_graph"),
    ("point graph|coordinates point|point coordinates|graph point|map coordinates|locate point"
     "|convert coordinates", "coords point", "Axes.c2p Axes.coords_to_point Axes.input_to_graph_point"),
    ("axis labels|label axes|label axis|name axes", "axis labels", "Axes.get_axis_labels"),
    ("label graph|graph label|label curve|curve label|label function", "graph label", "Axes.get_graph_label"),
    ("tick numbers|axis numbers|numbers axis|tick labels", "coordinates numbers", "Axes.add_coordinates"),
    ("vertical line|line axis|line to axis|drop line|horizontal line|line down to", "vertical line",
     "Axes.get_vertical_line Axes.get_lines_to_point"),
    ("vector field|field arrows|flow field|stream lines|flow lines", "vector field",
     "ArrowVectorField StreamLines"),
    ("complex plane|complex numbers", "complex", "ComplexPlane"),
    ("implicit", "implicit curve", "Axes.plot_implicit_curve"),
    ("scatter|data points|line graph|plot data|line chart", "line graph", "Axes.plot_line_graph Dot"),
    ("number line|numberline", "number line", "NumberLine"),
    # graphs, tables, charts
    ("network|nodes|nodes edges|vertices edges|edges between|graph theory|tree diagram|tree",
     "graph vertices edges", "Graph DiGraph"),
    ("directed graph|directed|digraph", "digraph", "DiGraph"),
    ("table|spreadsheet|rows columns|cells", "table", "Table MathTable"),
    ("bar chart|bar graph|histogram|bars", "bar chart", "BarChart"),
    ("pie chart|pie|sector|wedge", "sector", "Sector AnnularSector"),
    # layout
    ("corner|top left|upper left|top right|upper right|bottom left|bottom right|lower left|lower right",
     "corner", "Mobject.to_corner"),
    ("edge|top screen|bottom screen|side screen|border screen|screen edge", "edge", "Mobject.to_edge"),
    ("next|beside|below|above|left of|right of|adjacent|underneath", "next", "Mobject.next_to"),
    ("center|middle", "center", "Mobject.move_to Mobject.center"),
    ("move|shift|translate|slide|reposition", "shift move", "Mobject.shift Mobject.move_to Mobject.animate"),
    ("align|line up", "align", "Mobject.align_to Mobject.arrange"),
    ("row|column|side by side|stack|distribute|space out|evenly spaced|arrange", "arrange",
     "Mobject.arrange VGroup"),
    ("rows columns|grid squares|arrange grid|grid layout", "arrange grid", "Mobject.arrange_in_grid"),
    ("group|combine|bundle|collection", "group", "VGroup Group"),
    ("resize|size|bigger|smaller|scale up|enlarge|shrink|grow size", "scale",
     "Mobject.scale Mobject.scale_to_fit_width"),
    ("flip|mirror|reflect", "flip", "Mobject.flip"),
    # shapes
    ("arrow|pointer|point at", "arrow", "Arrow Vector DoubleArrow GrowArrow"),
    ("line|segment", "line", "Line"),
    ("dashed|dotted|dashes|dotted outline|dashed outline", "dashed", "DashedLine DashedVMobject"),
    ("curly bracket|brace|bracket|curly brace|label side|side length|label length|measure length"
     "|dimension line|measurement|annotate length", "brace", "Brace BraceLabel BraceBetweenPoints"),
    ("circle|round|disk|disc", "circle", "Circle"),
    ("box|rectangle|square", "rectangle square", "Square Rectangle"),
    ("triangle|polygon|hexagon|pentagon|octagon", "polygon", "Triangle Polygon RegularPolygon"),
    ("dot|point|small circle", "dot", "Dot"),
    ("angle mark|angle arc|right angle|angle symbol|mark angle|angle between", "angle", "Angle RightAngle"),
    ("arc|curved arrow|curved line", "arc", "Arc CurvedArrow ArcBetweenPoints"),
    ("star", "star", "Star"),
    ("ellipse|oval", "ellipse", "Ellipse"),
    ("image|picture|png|jpg|photo", "image", "ImageMobject"),
    ("svg|icon|vector graphic|logo", "svg", "SVGMobject"),
    # color and style
    ("color|recolor|change color|color change|paint|tint", "color", "Mobject.set_color Mobject.animate"),
    ("gradient|rainbow", "gradient", "Mobject.set_color_by_gradient"),
    ("fill|opacity|transparent|transparency|see through|translucent", "fill opacity",
     "VMobject.set_fill VMobject.set_opacity"),
    ("outline|border|stroke|thickness|line width", "stroke", "VMobject.set_stroke"),
    ("background", "background", "BackgroundRectangle"),
    ("background color|background colour|black background|white background|change background"
     "|scene background|video background|bg color", "background color",
     "config.background_color Camera.background_color"),
    ("box behind|behind text|readable|legible|contrast|backdrop|background box|background behind",
     "background rectangle", "BackgroundRectangle Mobject.add_background_rectangle"),
    ("hide|invisible|without animation|instantly|immediately|at once without", "add remove",
     "Scene.remove Scene.add VMobject.set_opacity"),
    ("color by height|color by value|colorscale|color scale|heat map|heatmap|color map|colormap",
     "colorscale", "Axes.plot Surface.set_fill_by_value"),
    ("z index|bring to front|send to back|on top of|layer|draw order", "z index", "Mobject.set_z_index"),
    # timing
    ("speed|slower|faster|duration|how long|seconds|slow motion|quickly", "run time", "Scene.play"),
    ("easing|ease in|ease out|smooth start|smooth stop|linear speed|constant speed|accelerate|bounce"
     "|timing curve|rate function|rate func", "rate func",
     "smooth linear there_and_back"),
    ("pause|wait|hold|delay|do nothing", "wait", "Scene.wait Wait"),
    ("stop updater|remove updater|stop following|detach|clear updaters|stop updating|pause updater",
     "remove updater", "Mobject.remove_updater Mobject.clear_updaters Mobject.suspend_updating"),
    ("one after another|sequence|in order|chain|consecutive|after another|sequentially",
     "succession", "Succession LaggedStart"),
    ("same time|simultaneously|together|parallel|at once|while playing|while animation playing"
     "|during animation", "animation group", "AnimationGroup"),
    ("stagger|cascade|offset start|domino|lag|one by one|one at a time|each in turn", "lag",
     "LaggedStart LaggedStartMap"),
    ("there and back|back and forth|oscillate|yoyo", "back", "there_and_back"),
    # misc
    ("sound|audio|music|voice|narration", "sound", "Scene.add_sound"),
    ("save state|reset|restore|go back|undo", "restore", "Mobject.save_state Restore"),
    ("section|chapter", "section", "Scene.next_section"),
    ("tex template|latex package|preamble|usepackage", "tex template", "TexTemplate"),
    # old APIs people still ask about (ManimGL and early Manim CE)
    ("graphscene|graph scene|graph_scene|setup axes|setup_axes|get graph|get_graph|coords to point",
     "axes plot", "Axes Axes.plot CoordinateSystem"),
    # rendering: `config` options and `manim render` flags
    ("resolution|video resolution|output resolution|pixel width|pixel height|video size|frame size"
     "|aspect ratio|portrait|vertical video|landscape video|screen dimensions|video dimensions"
     "|1080p|720p|480p|1080x1920|1920x1080|square video|video width|video height", "resolution pixel",
     "config.pixel_width config.pixel_height cli:--resolution config.frame_width"),
    ("fps|frame rate|framerate|frames per second|60fps|30fps", "frame rate",
     "config.frame_rate cli:--frame_rate"),
    ("transparent background|alpha channel|transparent video|without background|no background",
     "transparent", "cli:--transparent config.transparent"),
    ("render quality|low quality|high quality|quality flag|render faster|faster render|quick render"
     "|preview quality|4k|draft quality|production quality|ql|qm|qh|qk", "quality",
     "cli:--quality config.quality"),
    ("output folder|output directory|media folder|media directory|where saved|save location"
     "|output path|where video|where videos|change folder|where mp4|where file|find video",
     "media dir", "config.media_dir cli:--media_dir config.video_dir"),
    ("output file name|output filename|rename output|name of the video|video file name",
     "output file", "cli:--output_file config.output_file"),
    ("gif|animated gif|webm|mov file|output format|video format|png sequence|image sequence"
     "|png images of frames|png frames|frames as images|frames as png|export frames",
     "format", "cli:--format config.format"),
    ("last frame|final frame|still image|single image|render image|render png|save png",
     "last frame", "cli:--save_last_frame config.save_last_frame"),
    ("from python|python script|scene render|render method|render from code|render in code"
     "|without terminal|without command line|programmatically|temporarily change config",
     "tempconfig config", "tempconfig"),
    ("command line|terminal|cli|render command|render flag|manim render", "render flag", ""),
    ("manim cfg|config file|cfg file|configuration file|global config|config settings",
     "config", "cli:--config_file"),
)
# fmt: on
