"""The registered report renderers (see `base`): one module per format, each holding the
plan and the term renderer of that format. Importing this package registers them all."""

from . import docx, html, pdf, xlsx  # noqa: F401 (imported for their @register)
from .base import AGREEMENT, PLAN, TERM, Renderer, UnknownFormat, renderer_for, renderers_of

__all__ = ["AGREEMENT", "PLAN", "TERM", "Renderer", "UnknownFormat", "renderer_for", "renderers_of"]
