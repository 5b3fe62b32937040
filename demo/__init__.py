"""The tools that play a hall: `jiaohao demo` (the whole hall on one machine) and `jiaohao simulate` (a busy
day through the API, the demo's engine and a load generator).

A package of its own, above the front-ends: it imports the kiosk, caller, display and pad directly to put
them on one screen, and nothing in `client/` or a front-end imports it (an import-linter contract).
"""
