from django.utils.translation import gettext as _


class LineFormatError(ValueError):
    """A text file does not have the expected layout at `line` (1-based); the message is
    Danish and starts with the line number, the way every importer reports it."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(_("Linje %(line)d: %(message)s") % {"line": line, "message": message})
