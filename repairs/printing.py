"""Printable documents: the rooms' QR code sheet (the work order is a template)."""

from logistics.labels import SheetLayout

# Door labels: 3 × 4 on A4, edge to edge (print-qr.css styles their inside).
ROOM_SHEET = SheetLayout(columns=3, rows=4, width=70, height=74.25)
