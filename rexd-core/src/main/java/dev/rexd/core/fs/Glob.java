package dev.rexd.core.fs;

import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.core.policy.RootPolicy;
import dev.rexd.core.fd.Dir;
import dev.rexd.core.fd.DirEntry;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A compiled {@code fs.glob} pattern: {@code *}, {@code ?} and {@code [...]} (negated with
 * {@code !} or {@code ^}) match within one name, {@code \} quotes the next character, and a whole
 * {@code **} segment matches zero or more directories, so {@code **}{@code /*.txt} also finds
 * {@code a.txt} in the start directory. {@code *} matches names starting with a dot too.
 *
 * <p>The leading segments without wildcards are resolved through the root policy (a prefix
 * outside the roots is {@code -32002}); the walk below it never enters a symlink, and a matched
 * symlink is kept only when it points inside the roots.
 *
 * <pre>{@code
 * FirstSorted<String> out = new FirstSorted<>(Comparator.naturalOrder(), 1000);
 * Glob.compile("src/**&#47;*.java").find(policy, cwd, out);
 * }</pre>
 */
final class Glob {
  private final String literalPrefix;
  /** One matcher per segment after the prefix; {@code null} stands for {@code **}. */
  private final List<@Nullable Pattern> segments;

  private Glob(String literalPrefix, List<@Nullable Pattern> segments) {
    this.literalPrefix = literalPrefix;
    this.segments = segments;
  }

  /** Compiles a pattern; an empty pattern is {@code -32602 invalid_argument}. */
  static Glob compile(String pattern) {
    if (pattern.isEmpty()) {
      throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT, "pattern must not be empty")
          .with("field", "pattern");
    }
    List<String> prefix = new ArrayList<>();
    List<@Nullable Pattern> segments = new ArrayList<>();
    for (String part : pattern.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (segments.isEmpty() && !hasWildcard(part)) {
        prefix.add(part);
      } else if (part.equals("**")) {
        if (segments.isEmpty() || segments.get(segments.size() - 1) != null) {
          segments.add(null);
        }
      } else {
        segments.add(segment(part));
      }
    }
    String joined = String.join("/", prefix);
    return new Glob(pattern.startsWith("/") ? "/" + joined : joined, segments);
  }

  /**
   * Adds the absolute path of every match under {@code cwd} (for a relative pattern) to
   * {@code out}; the directories walked are opened by descriptor, never through a symlink.
   */
  void find(RootPolicy policy, Path cwd, FirstSorted<String> out) throws IOException {
    policy.beneath(literalPrefix, cwd, true, at -> {
      try {
        if (segments.isEmpty()) {
          try (Dir parent = at.openParent()) {
            if (parent.stat(at.name()) != null) {
              out.add(at.path().toString());
            }
          }
        } else {
          try (Dir start = at.openDir()) {
            new Walk(policy, out).match(start, 0);
          }
        }
      } catch (NoSuchFileException | NotDirectoryException noMatches) {
        // nothing there to match
      }
      return null;
    });
  }

  private static boolean hasWildcard(String part) {
    return part.indexOf('*') >= 0 || part.indexOf('?') >= 0 || part.indexOf('[') >= 0 || part.indexOf('\\') >= 0;
  }

  /** The regex of one name pattern. */
  static Pattern segment(String part) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      int classEnd = c == '[' ? classEnd(part, i) : -1;
      if (c == '*' || c == '?' || classEnd > 0) {
        flushLiteral(regex, literal);
        if (c == '*') {
          regex.append(".*");
        } else if (c == '?') {
          regex.append('.');
        } else {
          regex.append(charClass(part.substring(i + 1, classEnd)));
          i = classEnd;
        }
      } else if (c == '\\' && i + 1 < part.length()) {
        literal.append(part.charAt(++i));
      } else {
        literal.append(c);
      }
    }
    flushLiteral(regex, literal);
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private static void flushLiteral(StringBuilder regex, StringBuilder literal) {
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
      literal.setLength(0);
    }
  }

  /** The index of the {@code ]} closing the class opened at {@code open}, or -1 when unclosed. */
  private static int classEnd(String part, int open) {
    int i = open + 1;
    if (i < part.length() && (part.charAt(i) == '!' || part.charAt(i) == '^')) {
      i++;
    }
    if (i < part.length() && part.charAt(i) == ']') {
      i++;
    }
    return part.indexOf(']', i);
  }

  private static String charClass(String body) {
    StringBuilder s = new StringBuilder("[");
    int start = 0;
    if (!body.isEmpty() && (body.charAt(0) == '!' || body.charAt(0) == '^')) {
      s.append('^');
      start = 1;
    }
    for (int i = start; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c < 128 && c != '-' && !Character.isLetterOrDigit(c)) {
        s.append('\\');
      }
      s.append(c);
    }
    return s.append(']').toString();
  }

  /** One walk of the tree below the prefix. */
  private final class Walk {
    private final RootPolicy policy;
    private final FirstSorted<String> out;

    Walk(RootPolicy policy, FirstSorted<String> out) {
      this.policy = policy;
      this.out = out;
    }

    /** Matches segment {@code index} onwards against the children of {@code dir}. */
    void match(Dir dir, int index) {
      Pattern segment = segments.get(index);
      boolean last = index == segments.size() - 1;
      if (segment == null && !last) {
        match(dir, index + 1);
      }
      for (DirEntry child : children(dir)) {
        boolean isDir = child.kind() == DirEntry.Kind.DIR;
        if (segment == null) {
          if (last) {
            emit(dir, child);
          }
          if (isDir) {
            descend(dir, child, index);
          }
        } else if (segment.matcher(child.name()).matches()) {
          if (last) {
            emit(dir, child);
          } else if (isDir) {
            descend(dir, child, index + 1);
          }
        }
      }
    }

    private void descend(Dir dir, DirEntry child, int index) {
      try (Dir sub = dir.child(child.name())) {
        match(sub, index);
      } catch (IOException unreadable) {
        // a directory we may not open, or one replaced by a symlink meanwhile: no matches below
      }
    }

    private void emit(Dir dir, DirEntry child) {
      Path path = dir.path().resolve(child.name());
      if (child.kind() == DirEntry.Kind.SYMLINK) {
        try {
          policy.resolve(path.toString(), dir.path());
        } catch (RexdException pointsOutside) {
          return;
        }
      }
      out.add(path.toString());
    }

    private List<DirEntry> children(Dir dir) {
      try {
        return dir.entries();
      } catch (IOException unreadable) {
        return List.of(); // an unreadable directory has no matches
      }
    }
  }
}
