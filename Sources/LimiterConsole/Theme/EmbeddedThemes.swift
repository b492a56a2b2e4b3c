// The themes the console needs even when no themes/ directory can be found.
// Tests check that these equal themes/default.theme and themes/mono.theme.

extension ThemeLibrary {
    /// The text of `themes/default.theme`.
    static let embeddedDefault = #"""
# upbit-limiter theme "default": for dark terminals.
# role = [colour] [on colour] [bold] [dim] [underline] [reverse]
# Colours: #rrggbb, 0-255, black red green yellow blue magenta cyan white, bright-NAME, default.
# An empty value is the terminal's default. Roles left out look like 'normal'.
# 24-bit colours fall back to the nearest of 256 or 8 colours on lesser terminals.
normal =
dim = #8a8a8a
accent = #5fd7ff bold
border = #5f5f87
title = #ffd75f bold
header = #e4e4e4 on #303a4a
column = #87afd7 bold
ok = #5fd75f
warn = #ffaf00 bold
critical = #ff5f5f bold
p0 = #ffffff on #d70000 bold
p1 = #ff5f5f bold
p2 = #ffaf00
p3 = #87afd7
gauge = #5fd7af
gauge_empty = #4e4e4e
sparkline = #87d7ff
selection = #ffffff on #005f87 bold
key = #000000 on #5fafd7
dialog = #e4e4e4 on #262636
timeline = #d0d0d0 on #303a4a
mark = #ffaf00 bold
"""#

    /// The text of `themes/mono.theme`.
    static let embeddedMono = #"""
# upbit-limiter theme "mono": no colour, attributes only.
# Used whenever the terminal has no colour, NO_COLOR is set or --no-color is given.
# Format: see default.theme.
normal =
dim = dim
accent = bold
border =
title = bold
header = reverse
column = underline
ok =
warn = bold
critical = bold reverse
p0 = bold reverse
p1 = bold
p2 = underline
p3 =
gauge =
gauge_empty = dim
sparkline =
selection = reverse
key = reverse
dialog =
timeline = reverse
mark = bold
"""#
}
