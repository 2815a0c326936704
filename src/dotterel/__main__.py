"""``python -m dotterel``."""

from dotterel.cli import main

main()
