"""Format modules (settings.FORMAT_MODULE_PATH): how dates and times read in each language."""
