"""Printable documents: the work order (维修单) and the rooms' QR code sheet."""

import segno


def qr_data_uri(text):
    """A QR code as an SVG data URI, which WeasyPrint embeds without fetching."""
    return segno.make(text, error="m").svg_data_uri(scale=4, border=2)
