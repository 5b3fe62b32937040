"""ESC/POS ticket printers: Chinese tickets in text or raster mode, DLE EOT health, a virtual printer and a
network simulator. No Qt, no server: the kiosk hands a `TicketPrint` to a `TicketPrinter`."""
