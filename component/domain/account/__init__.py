"""TMF666 Account Management: party, billing, settlement and financial accounts, bill formats, cycles and
media, autopay."""
