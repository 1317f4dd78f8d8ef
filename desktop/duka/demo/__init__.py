"""`duka demo`: a ready-made shop to try Duka on, made through the services a user drives.

Above the services (it uses them as the app does) and below the command line, which alone
imports it: nothing in the app depends on the demo.
"""
