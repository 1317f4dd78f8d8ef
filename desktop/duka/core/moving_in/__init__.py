"""Moving in: the files other shop software exports, each declared as a layout in one place.

A layout names the system that writes it, how its header row is recognised, and which of its
columns holds what (`layout.Layout`). Products' layouts are in `products`, customers' in
`customers`; the importers read a file through the layout recognised from its headers.
"""
