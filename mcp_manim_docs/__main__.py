"""`python -m mcp_manim_docs [--transport stdio|http] [--host H] [--port N] [--cache-dir DIR]`."""

from mcp_manim_docs.command import main

main()
