"""Periodic reports: the figures behind them, the XLSX and PDF files, deadlines and reminders.

- ``data``: what a report says, built from stored indicator results and records.
- ``narrative``: the sections' text, prefilled from that data.
- ``xlsx`` and ``pdf``: the two files.
- ``services``: create, generate, edit, finalise and submit (the rules).
- ``access``: who may read, prepare and finalise a report.
- ``deadlines``: which deadline applies, and who has reported.
- ``reminders``: e-mail before a deadline, once per threshold.
"""
