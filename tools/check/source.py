"""Map AST positions (1-based lines, UTF-8 byte columns) to character offsets in the source."""

from __future__ import annotations

import ast


class Source:
    """Source text with position arithmetic that survives non-ASCII lines."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.lines = code.splitlines(keepends=True)
        self._starts: list[int] = []
        total = 0
        for line in self.lines:
            self._starts.append(total)
            total += len(line)
        self._starts.append(total)

    def char_col(self, lineno: int, byte_col: int) -> int:
        """Character column of a UTF-8 byte column on a 1-based line."""
        if lineno < 1 or lineno > len(self.lines):
            return byte_col
        line = self.lines[lineno - 1]
        if line.isascii():
            return byte_col
        return len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))

    def offset(self, lineno: int, byte_col: int) -> int:
        """Absolute character offset of an AST position."""
        if lineno > len(self.lines):
            return len(self.code)
        return self._starts[lineno - 1] + self.char_col(lineno, byte_col)

    def start(self, node: ast.expr | ast.stmt | ast.keyword | ast.alias) -> int:
        return self.offset(node.lineno, node.col_offset)

    def end(self, node: ast.expr | ast.stmt | ast.keyword | ast.alias) -> int:
        end_lineno = node.end_lineno if node.end_lineno is not None else node.lineno
        end_col = node.end_col_offset if node.end_col_offset is not None else node.col_offset
        return self.offset(end_lineno, end_col)

    def text(self, node: ast.expr | ast.stmt | ast.keyword | ast.alias) -> str:
        return self.code[self.start(node) : self.end(node)]
