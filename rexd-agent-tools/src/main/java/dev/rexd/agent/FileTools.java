package dev.rexd.agent;

import static dev.rexd.agent.ToolParams.Type.BOOLEAN;
import static dev.rexd.agent.ToolParams.Type.INTEGER;
import static dev.rexd.agent.ToolParams.Type.STRING;

import dev.rexd.api.RexdMethods;
import dev.rexd.api.fs.EntryType;
import dev.rexd.api.fs.FsEditResult;
import dev.rexd.api.fs.FsEntry;
import dev.rexd.api.fs.FsGlobResult;
import dev.rexd.api.fs.FsGrepMatch;
import dev.rexd.api.fs.FsGrepParams;
import dev.rexd.api.fs.FsGrepResult;
import dev.rexd.api.fs.FsListResult;
import dev.rexd.api.fs.FsPatchResult;
import dev.rexd.api.fs.FsWriteResult;
import dev.rexd.client.FsEdit;
import dev.rexd.client.RexdSession;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The file tools: {@code read} (numbered lines, images as images, binary files described),
 * {@code write}, {@code edit}, {@code apply_patch}, {@code glob}, {@code grep} and {@code list},
 * each answering in a few lines a model can read.
 *
 * <pre>{@code
 * List<AgentTool> tools = new FileTools(sessions, settings).tools();
 * }</pre>
 */
final class FileTools {
  private static final int MAX_LINE_CHARS = 2000;
  private static final int MAX_GREP_LINE_CHARS = 500;
  private static final int MAX_IMAGE_BYTES = 5 << 20;
  private static final int MAX_LISTED = 1000;

  private final Supplier<RexdSession> session;
  private final AgentTools.Settings settings;

  FileTools(Supplier<RexdSession> session, AgentTools.Settings settings) {
    this.session = session;
    this.settings = settings;
  }

  List<AgentTool> tools() {
    return List.of(
        new AgentTool("read", """
            Reads a file: text with line numbers (offset/limit choose the lines), an image as an \
            image; other binary files are described by size and type.""",
            new ToolParams()
                .required("path", STRING, "The file, absolute or relative to the session's directory")
                .optional("offset", INTEGER, "First line to show, from 1 (default 1)")
                .optional("limit", INTEGER, "How many lines to show (default 2000)"),
            ToolHints.READ, this::read),
        new AgentTool("write", "Creates or replaces a file with the given text (missing directories are made). "
            + "Replaces the whole file: to change part of it use edit.",
            new ToolParams()
                .required("path", STRING, "The file")
                .required("content", STRING, "The whole new content"),
            ToolHints.OVERWRITE, this::write),
        new AgentTool("edit", "Replaces old_string with new_string in a file. old_string must occur exactly "
            + "once unless replace_all; include enough surrounding lines to make it unique.",
            new ToolParams()
                .required("path", STRING, "The file")
                .required("old_string", STRING, "The exact text to replace (whitespace matters)")
                .required("new_string", STRING, "The text to put in its place")
                .optional("replace_all", BOOLEAN, "Replace every occurrence (default false)"),
            ToolHints.MODIFY, this::edit),
        new AgentTool("apply_patch", """
            Applies a patch in the *** Begin Patch / *** End Patch format (*** Add File:, *** Update \
            File: with @@ hunks of ' ', '-', '+' lines, *** Delete File:, *** Move to:), all or \
            nothing: if any hunk does not match, no file changes.""",
            new ToolParams().required("patch", STRING, "The patch text"),
            ToolHints.MODIFY, this::applyPatch),
        new AgentTool("glob", "Finds files by name pattern: * and ? within a name, ** across directories "
            + "(e.g. src/**/*.java). Returns sorted paths.",
            new ToolParams()
                .required("pattern", STRING, "The pattern")
                .optional("path", STRING, "Directory to search from (default: the session's)"),
            ToolHints.READ, this::glob),
        new AgentTool("grep", """
            Searches file contents with a Java regular expression (or fixed text), skipping binary \
            files and what .gitignore ignores; prints path:line: text, sorted.""",
            new ToolParams()
                .required("pattern", STRING, "Regular expression, e.g. \"TODO|FIXME\" or \"class \\\\w+Test\"")
                .optional("path", STRING, "Directory or file to search (default: the session's directory)")
                .optional("glob", STRING, "Only files whose name matches, e.g. \"*.java\"")
                .optional("ignore_case", BOOLEAN, "Case-insensitive (default false)")
                .optional("fixed_strings", BOOLEAN, "Treat pattern as plain text (default false)")
                .optional("context", INTEGER, "Lines of context before and after each match (default 0)")
                .optional("max_matches", INTEGER, "Stop after this many matches (default 200)"),
            ToolHints.READ, this::grep),
        new AgentTool("list", "Lists a directory: names, directories marked with /, sizes.",
            new ToolParams()
                .optional("path", STRING, "The directory (default: the session's)")
                .optional("recursive", BOOLEAN, "Include everything below it (default false)"),
            ToolHints.READ, this::list));
  }

  private ToolResult read(ToolArgs args, ToolCall call) {
    String path = args.string("path");
    long offset = args.positive("offset", 1, Integer.MAX_VALUE);
    long limit = args.positive("limit", 2000, 100_000);
    long cap = settings.maxReadBytes();
    byte[] bytes = session.get().fs().readBytes(path, 0, cap + 1);
    boolean cut = bytes.length > cap;
    String type = MimeTypes.of(bytes, path);
    if (MimeTypes.isImage(type) && !cut && bytes.length <= MAX_IMAGE_BYTES) {
      return new ToolResult(List.of(new ToolResult.Text(path + ": " + type + ", " + bytes.length + " bytes"),
          new ToolResult.Image(Base64.getEncoder().encodeToString(bytes), type)), false);
    }
    @Nullable String text = cut ? null : utf8(bytes);
    if (text == null && !cut) {
      return ToolResult.text(path + " is a binary file (" + bytes.length + " bytes, " + type + "); not shown");
    }
    if (text == null) {
      text = new String(bytes, 0, HeadTail.characterStart(bytes, (int) cap), StandardCharsets.UTF_8);
    }
    return ToolResult.text(numbered(path, text, offset, limit, cut));
  }

  private static String numbered(String path, String text, long offset, long limit, boolean cut) {
    if (text.isEmpty()) {
      return path + " is empty";
    }
    String[] lines = text.split("\n", -1);
    int total = text.endsWith("\n") ? lines.length - 1 : lines.length;
    if (offset > total) {
      return path + " has " + total + " lines; offset " + offset + " is past its end";
    }
    StringBuilder out = new StringBuilder();
    long last = Math.min(total, offset + limit - 1);
    for (long n = offset; n <= last; n++) {
      String line = lines[(int) n - 1];
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.length() > MAX_LINE_CHARS) {
        line = line.substring(0, MAX_LINE_CHARS) + " … [line cut at " + MAX_LINE_CHARS + " characters]";
      }
      out.append(String.format("%6d\t", n)).append(line).append('\n');
    }
    if (last < total) {
      out.append("[lines ").append(offset).append('-').append(last).append(" of ").append(total)
          .append("; read more with offset=").append(last + 1).append("]\n");
    }
    if (cut) {
      out.append("[the file is longer than this tool reads at once; the lines above are its start]\n");
    }
    return out.toString();
  }

  private ToolResult write(ToolArgs args, ToolCall call) {
    FsWriteResult r = session.get().fs().write(args.string("path"), args.string("content")).mkdirParents(true).apply();
    return ToolResult.text((r.created() ? "created " : "replaced ") + r.path() + " (" + r.bytesWritten() + " bytes)");
  }

  private ToolResult edit(ToolArgs args, ToolCall call) {
    String oldString = args.string("old_string");
    String newString = args.string("new_string");
    if (oldString.isEmpty()) {
      throw new ToolArgumentException("argument 'old_string' is empty; to write a whole file use write");
    }
    FsEdit edit = session.get().fs().edit(args.string("path"));
    FsEditResult r = (args.flag("replace_all", false) ? edit.replaceAll(oldString, newString)
        : edit.replace(oldString, newString)).apply();
    return ToolResult.text("replaced " + r.replacements() + " occurrence" + (r.replacements() == 1 ? "" : "s")
        + " in " + r.path());
  }

  private ToolResult applyPatch(ToolArgs args, ToolCall call) {
    FsPatchResult r = session.get().fs().patch(args.string("patch"));
    List<String> parts = new ArrayList<>();
    addPart(parts, "added", r.added());
    addPart(parts, "updated", r.updated());
    addPart(parts, "deleted", r.deleted());
    addPart(parts, "moved", r.moved().stream().map(m -> m.from() + " -> " + m.to()).toList());
    return ToolResult.text(parts.isEmpty() ? "the patch changed nothing" : "patch applied: " + String.join("; ", parts));
  }

  private static void addPart(List<String> parts, String verb, List<String> paths) {
    if (!paths.isEmpty()) {
      parts.add(verb + " " + String.join(", ", paths));
    }
  }

  private ToolResult glob(ToolArgs args, ToolCall call) {
    FsGlobResult r = session.get().fs().glob(args.string("pattern"), args.optionalString("path"), MAX_LISTED);
    if (r.matches().isEmpty()) {
      return ToolResult.text("no files match " + args.string("pattern"));
    }
    return ToolResult.text(String.join("\n", r.matches()) + "\n"
        + (r.truncated() ? "[only the first " + MAX_LISTED + " matches; narrow the pattern]\n" : ""));
  }

  private ToolResult grep(ToolArgs args, ToolCall call) {
    long max = args.positive("max_matches", 200, 10_000);
    long context = args.integer("context", 0);
    if (context < 0 || context > 50) {
      throw new ToolArgumentException("argument 'context' must be between 0 and 50, got " + context);
    }
    RexdSession s = session.get();
    FsGrepResult r = s.call(RexdMethods.FS_GREP, new FsGrepParams(s.id(), args.string("pattern"),
        args.optionalString("path"), args.optionalString("glob"), args.flag("fixed_strings", false) ? true : null,
        args.flag("ignore_case", false) ? false : null, context == 0 ? null : (int) context, (int) max, null, null));
    if (r.matches().isEmpty()) {
      return ToolResult.text("no matches in " + r.filesSearched() + " files"
          + (r.truncated() ? " (the search stopped early: " + r.reason() + ")" : ""));
    }
    StringBuilder out = new StringBuilder();
    @Nullable FsGrepMatch previous = null;
    for (FsGrepMatch m : r.matches()) {
      if (context > 0 && previous != null) {
        out.append("--\n");
      }
      int n = m.lineNumber() - m.before().size();
      for (String line : m.before()) {
        out.append(m.path()).append('-').append(n++).append("- ").append(clip(line)).append('\n');
      }
      out.append(m.path()).append(':').append(m.lineNumber()).append(": ").append(clip(m.line())).append('\n');
      n = m.lineNumber() + 1;
      for (String line : m.after()) {
        out.append(m.path()).append('-').append(n++).append("- ").append(clip(line)).append('\n');
      }
      previous = m;
    }
    String text = HeadTail.cut(out.toString().getBytes(StandardCharsets.UTF_8), settings.outputBudgetBytes(), null, 0);
    String end = !r.truncated() ? ""
        : FsGrepResult.TIME_BUDGET.equals(r.reason()) ? "[the search ran out of time; narrow path or glob]\n"
        : "[more than " + max + " matches; narrow the pattern, path or glob, or raise max_matches]\n";
    return ToolResult.text(text + end);
  }

  private static String clip(String line) {
    return line.length() <= MAX_GREP_LINE_CHARS ? line : line.substring(0, MAX_GREP_LINE_CHARS) + " …";
  }

  private ToolResult list(ToolArgs args, ToolCall call) {
    String path = args.optionalString("path");
    FsListResult r = session.get().fs().list(path == null ? "." : path, args.flag("recursive", false), MAX_LISTED);
    if (r.entries().isEmpty()) {
      return ToolResult.text(r.path() + " is empty");
    }
    StringBuilder out = new StringBuilder(r.path()).append(":\n");
    String prefix = r.path().endsWith("/") ? r.path() : r.path() + "/";
    for (FsEntry e : r.entries()) {
      String name = e.path().startsWith(prefix) ? e.path().substring(prefix.length()) : e.path();
      out.append(name);
      if (e.type() == EntryType.DIR) {
        out.append('/');
      } else if (e.type() == EntryType.SYMLINK) {
        out.append('@');
      } else {
        out.append("  (").append(e.size()).append(" bytes)");
      }
      out.append('\n');
    }
    if (r.truncated()) {
      out.append("[only the first ").append(MAX_LISTED).append(" entries]\n");
    }
    return ToolResult.text(out.toString());
  }

  private static @Nullable String utf8(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        return null;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
