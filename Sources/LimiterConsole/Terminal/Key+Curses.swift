extension Key {
    /// ncurses' key codes (`curses.h`), spelled out so that decoding needs no ncurses and can be
    /// fuzzed and tested without a terminal; ``NcursesTerminal/keyCodesMatchCurses`` checks them.
    enum CursesCode {
        static let down: Int32 = 0o402, up: Int32 = 0o403, left: Int32 = 0o404, right: Int32 = 0o405
        static let home: Int32 = 0o406, backspace: Int32 = 0o407, f0: Int32 = 0o410
        static let delete: Int32 = 0o512, insert: Int32 = 0o513, pageDown: Int32 = 0o522, pageUp: Int32 = 0o523
        static let enter: Int32 = 0o527, backTab: Int32 = 0o541, end: Int32 = 0o550, resize: Int32 = 0o632
        /// The largest code ncurses delivers (`KEY_MAX`).
        static let max: Int32 = 0o777
    }

    /// The key for a `wgetch` result, or nil for codes the console does not use (`KEY_MOUSE`: the driver reads it with `getmouse`;
    /// F13 and up, other control characters, bytes of non-ASCII characters, `ERR`).
    ///
    /// Ctrl-C arrives as code 3 only when the terminal does not turn it into SIGINT; both quit.
    public init?(cursesCode code: Int32) {
        switch code {
        case CursesCode.up: self = .up
        case CursesCode.down: self = .down
        case CursesCode.left: self = .left
        case CursesCode.right: self = .right
        case CursesCode.pageUp: self = .pageUp
        case CursesCode.pageDown: self = .pageDown
        case CursesCode.home: self = .home
        case CursesCode.end: self = .end
        case CursesCode.insert: self = .insert
        case CursesCode.delete: self = .delete
        case CursesCode.enter, 10, 13: self = .enter
        case 27: self = .escape
        case 9, CursesCode.backTab: self = .tab
        case CursesCode.backspace, 127, 8: self = .backspace
        case CursesCode.resize: self = .resize
        case 3: self = .function(10)
        case (CursesCode.f0 + 1)...(CursesCode.f0 + 12): self = .function(Int(code - CursesCode.f0))
        case 32..<127: self = .character(Character(Unicode.Scalar(UInt8(code))))
        default: return nil
        }
    }
}
