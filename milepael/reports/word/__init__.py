"""The reports as Word documents (python-docx): `layout` is the house layout every Word
report shares, `plan` and `term` each lay out one report with it."""
