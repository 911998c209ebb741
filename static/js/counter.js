/* The twin of coverletters/counting.py: same units, same whitespace set, same newline rule.
   tests/e2e checks both give identical counts on the same samples. */
(function (global) {
  "use strict";
  var WHITESPACE = new Set(
    (" \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" +
      "\u2028\u2029\u202f\u205f\u3000\ufeff").split("")
  );

  function normalizeNewlines(text) {
    return text.replace(/\r\n/g, "\n").replace(/\r/g, "\n");
  }

  function count(text) {
    text = normalizeNewlines(text || "");
    var withSpaces = 0, withoutSpaces = 0, utf8 = 0, korean = 0;
    for (var ch of text) {  // iterates code points, like Python
      var code = ch.codePointAt(0);
      withSpaces += 1;
      if (!WHITESPACE.has(ch)) withoutSpaces += 1;
      utf8 += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      korean += code < 0x80 ? 1 : 2;
    }
    return { with_spaces: withSpaces, without_spaces: withoutSpaces, utf8_bytes: utf8, korean_bytes: korean };
  }

  global.LifementoCounter = { count: count, normalizeNewlines: normalizeNewlines };
})(window);
