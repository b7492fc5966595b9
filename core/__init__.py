"""The rules every package shares, in one place each: months, the value of a figure, the map edition in
force, unit types, text folding, messages in both languages, number formats, atomic file writes and the
one error class. Nothing here imports another package of the project."""
