"""Constant groups for the files decoders (see core.py for the format)."""
INC = "/usr/include"
ARCH = f"{INC}/x86_64-linux-gnu/asm"

DESCENDING = set()
GROUPS = []
