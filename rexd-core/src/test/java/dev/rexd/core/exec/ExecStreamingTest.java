package dev.rexd.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.Encoding;
import dev.rexd.api.exec.ExecOutputParams;
import dev.rexd.api.exec.ExecOutputResult;
import dev.rexd.api.exec.OutputChunk;
import dev.rexd.api.exec.ProcessStatus;
import dev.rexd.api.exec.StreamName;
import dev.rexd.core.Limits;
import dev.rexd.core.session.Session;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Output events: exact bytes, encodings, seq, ordering, back-pressure, limits and replay. */
class ExecStreamingTest extends OnEverySpawnPath {
  @Override
  Limits limits() {
    return Limits.defaults().withMaxOutputBytes(64L << 20);
  }

  @Test
  void tensOfMegabytesOfRandomBytesArriveExactly() throws Exception {
    Path file = root.resolve("random.bin");
    byte[] data = new byte[30_000_000];
    new Random(7).nextBytes(data);
    Files.write(file, data);

    ExecFixture.Run run = fx.run(s, Start.argv(s.id(), "cat", file.toString()));

    assertThat(sha256(run.stdout())).isEqualTo(sha256(data));
    assertThat(run.stdoutEncodings()).contains(Encoding.BASE64);
    assertThat(run.exit().exitCode()).isZero();
    assertThat(run.exit().bytesStdout()).isEqualTo(data.length);
    assertThat(run.exit().truncated()).isFalse();
  }

  @Test
  void multiByteUtf8StaysUtf8AndExactAcrossReads() throws Exception {
    StringBuilder sb = new StringBuilder();
    String[] pieces = {"a", "é", "€", "😀", "ह", "\n"};
    Random random = new Random(3);
    while (sb.length() < 3_000_000) {
      sb.append(pieces[random.nextInt(pieces.length)]);
    }
    byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
    Path file = root.resolve("text.txt");
    Files.write(file, text);

    ExecFixture.Run run = fx.run(s, Start.argv(s.id(), "cat", file.toString()));

    assertThat(run.stdoutEncodings()).containsExactly(Encoding.UTF8);
    assertThat(run.stdout()).isEqualTo(text);
  }

  @Test
  void aCharacterSplitBetweenTwoWritesIsCarriedIntoOneChunk() throws Exception {
    ExecFixture.Run run = fx.run(s, Start.sh(s.id(), "printf '\\342\\202'; sleep 0.3; printf '\\254\\n'"));

    assertThat(run.stdoutChunks()).containsExactly("€\n");
    assertThat(run.stdoutEncodings()).containsExactly(Encoding.UTF8);
  }

  @Test
  void invalidUtf8IsSentAsBase64Unaltered() throws Exception {
    ExecFixture.Run run = fx.run(s, Start.sh(s.id(), "printf 'ok\\377\\376\\000end'"));

    assertThat(run.stdoutEncodings()).containsExactly(Encoding.BASE64);
    assertThat(run.stdout()).containsExactly('o', 'k', 0xff, 0xfe, 0, 'e', 'n', 'd');
  }

  @Test
  void stdoutAndStderrHaveTheirOwnSeqAndBytes() throws Exception {
    ExecFixture.Run run = fx.run(s, Start.sh(s.id(),
        "for i in 1 2 3 4 5; do echo out$i; echo err$i >&2; sleep 0.01; done"));

    assertThat(run.out()).isEqualTo("out1\nout2\nout3\nout4\nout5\n");
    assertThat(run.err()).isEqualTo("err1\nerr2\nerr3\nerr4\nerr5\n");
    assertThat(run.exit().bytesStdout()).isEqualTo(25);
    assertThat(run.exit().bytesStderr()).isEqualTo(25);
  }

  @Test
  void noEventBeforeTheStartResponseIsQueued() throws Exception {
    var call = fx.call();
    String id = fx.exec.start(call, s, Start.argv(s.id(), "echo", "hi").build()).processId();

    // the pumps start only with the after-response actions: the process cannot complete before,
    // even once its child has exited
    ExecFixture.awaitDead(s.processes().get(0).pid());
    assertThat(fx.await(s, id, 0L).status()).isEqualTo(ProcessStatus.RUNNING);
    assertThat(fx.events(s).pending(id)).isZero();

    call.runAfterResponse();
    assertThat(fx.collect(s, id).out()).isEqualTo("hi\n");
  }

  @Test
  void aStalledConsumerBlocksTheChildAndStillGetsEveryByte() throws Exception {
    EventRecorder slow = new EventRecorder(2);
    Session stalled = fx.open("slow", slow);
    Path file = root.resolve("zeros.bin");
    byte[] data = new byte[8 << 20];
    new Random(11).nextBytes(data);
    Files.write(file, data);

    String id = fx.start(stalled, Start.argv(stalled.id(), "cat", file.toString()));

    // nobody reads: two events queued, the pump blocked, the pipe full, cat blocked on write
    assertThat(fx.await(stalled, id, 500L).status()).isEqualTo(ProcessStatus.RUNNING);
    assertThat(slow.pending(id)).isEqualTo(2);

    ExecFixture.Run run = fx.collect(stalled, id);
    assertThat(sha256(run.stdout())).isEqualTo(sha256(data));
  }

  @Test
  void maxOutputBytesDeliversExactlyTheLimitAndKillsTheGroup() throws Exception {
    ExecFixture.Run run = fx.run(s, Start.sh(s.id(),
        "head -c 700 /dev/zero; head -c 700 /dev/zero >&2; sleep 30").maxOutputBytes(1000));

    assertThat(run.stdout().length + run.stderr().length).isEqualTo(1000);
    assertThat(run.exit().truncated()).isTrue();
    assertThat(run.exit().signal()).isEqualTo("SIGTERM");
    assertThat(run.exit().exitCode()).isEqualTo(143);
  }

  @Test
  void maxOutputBytesOnAFastProducerStillCutsAtTheLimit() throws Exception {
    ExecFixture.Run run = fx.run(s, Start.argv(s.id(), "head", "-c", "5000000", "/dev/zero").maxOutputBytes(12_345));

    assertThat(run.stdout()).hasSize(12_345);
    assertThat(run.exit().truncated()).isTrue();
    assertThat(run.exit().bytesStdout()).isEqualTo(12_345);
  }

  @Test
  void maxOutputBytesIsCappedByTheSessionLimit() throws Exception {
    ExecFixture small = new ExecFixture(root, path, Limits.defaults().withMaxOutputBytes(100));
    try (small) {
      Session t = small.open("t");
      ExecFixture.Run run = small.run(t, Start.argv(t.id(), "head", "-c", "1000", "/dev/zero").maxOutputBytes(500));
      assertThat(run.stdout()).hasSize(100);
      assertThat(run.exit().truncated()).isTrue();
    }
  }

  @Test
  void outputExactlyAtTheLimitIsNotTruncated() throws Exception {
    ExecFixture.Run run = fx.run(s, Start.argv(s.id(), "head", "-c", "1000", "/dev/zero").maxOutputBytes(1000));

    assertThat(run.stdout()).hasSize(1000);
    assertThat(run.exit().truncated()).isFalse();
    assertThat(run.exit().exitCode()).isZero();
  }

  @Test
  void execOutputReplaysRetainedChunksAfterSeq() throws Exception {
    ExecFixture.Run run = fx.run(s, Start.sh(s.id(),
        "for i in 1 2 3 4; do echo line$i; echo e$i >&2; sleep 0.02; done"));

    ExecOutputResult all = fx.exec.output(s, new ExecOutputParams(s.id(), run.processId(), null, null));
    assertThat(all.status()).isEqualTo(ProcessStatus.EXITED);
    assertThat(join(all.chunks(), StreamName.STDOUT)).isEqualTo(run.out());
    assertThat(join(all.chunks(), StreamName.STDERR)).isEqualTo(run.err());

    ExecOutputResult stdout = fx.exec.output(s, new ExecOutputParams(s.id(), run.processId(), StreamName.STDOUT, 0L));
    assertThat(stdout.chunks()).allSatisfy(c -> assertThat(c.stream()).isEqualTo(StreamName.STDOUT));
    long lastSeq = stdout.chunks().get(stdout.chunks().size() - 1).seq();
    assertThat(stdout.chunks()).extracting(OutputChunk::seq)
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, lastSeq).boxed().toList());

    ExecOutputResult tail = fx.exec.output(s, new ExecOutputParams(s.id(), run.processId(), StreamName.STDOUT, 1L));
    assertThat(tail.chunks()).extracting(OutputChunk::seq).first().isEqualTo(2L);
    assertThat(join(stdout.chunks().subList(0, 1), StreamName.STDOUT) + join(tail.chunks(), StreamName.STDOUT))
        .isEqualTo(run.out());

    ExecOutputResult none = fx.exec.output(s, new ExecOutputParams(s.id(), run.processId(), StreamName.STDOUT, lastSeq));
    assertThat(none.chunks()).isEmpty();
  }

  @Test
  void execOutputWhileRunningReportsRunning() throws Exception {
    String id = fx.start(s, Start.sh(s.id(), "echo first; read x; echo second"));
    assertThat(fx.events(s).next(id).output().data()).isEqualTo("first\n");

    ExecOutputResult r = fx.exec.output(s, new ExecOutputParams(s.id(), id, null, null));
    assertThat(r.status()).isEqualTo(ProcessStatus.RUNNING);
    assertThat(join(r.chunks(), StreamName.STDOUT)).isEqualTo("first\n");

    fx.exec.input(s, new dev.rexd.api.exec.ExecInputParams(s.id(), id, "\n", null, true));
    assertThat(fx.collect(s, id).out()).isEqualTo("first\nsecond\n");
  }

  @Test
  void manyConcurrentProcessesAcrossSessionsEachGetTheirExactOutput() throws Exception {
    List<Session> sessions = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sessions.add(fx.open("c" + i));
    }
    Map<String, byte[]> expected = new HashMap<>();
    Map<String, Session> owner = new HashMap<>();
    for (int i = 0; i < 16; i++) {
      byte[] data = new byte[200_000 + i * 7_919];
      new Random(i).nextBytes(data);
      Path f = root.resolve("c" + i + ".bin");
      Files.write(f, data);
      Session sess = sessions.get(i % 4);
      String id = fx.start(sess, Start.argv(sess.id(), "cat", f.toString()));
      expected.put(id, data);
      owner.put(id, sess);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Map<String, Future<ExecFixture.Run>> runs = new HashMap<>();
      expected.keySet().forEach(id -> runs.put(id, pool.submit(() -> fx.collect(owner.get(id), id))));
      for (Map.Entry<String, Future<ExecFixture.Run>> e : runs.entrySet()) {
        assertThat(e.getValue().get().stdout()).isEqualTo(expected.get(e.getKey()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String join(List<OutputChunk> chunks, StreamName stream) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.stream().filter(c -> c.stream() == stream).forEach(c -> out.writeBytes(c.encoding().decode(c.data())));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] data) throws Exception {
    return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
