from mcp_manim_docs.server import main

main()
