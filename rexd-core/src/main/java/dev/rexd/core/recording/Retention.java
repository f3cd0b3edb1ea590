package dev.rexd.core.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Deletes finished recordings, oldest first, that are older than {@code max_age_days} or that
 * make all recordings together larger than {@code max_total_bytes}. A recording still being
 * written is never deleted (it counts towards the total).
 */
final class Retention {
  private static final System.Logger LOG = System.getLogger(Retention.class.getName());

  private final RecordingConfig config;
  private final RecordingCatalog catalog;

  Retention(RecordingConfig config, RecordingCatalog catalog) {
    this.config = config;
    this.catalog = catalog;
  }

  /** One pass; returns how many recordings it deleted. */
  synchronized int enforce() {
    List<RecordingCatalog.Entry> all = catalog.all();
    long total = all.stream().mapToLong(RecordingCatalog.Entry::bytes).sum();
    Instant cutoff = Instant.now().minus(Duration.ofDays(config.maxAgeDays()));
    int deleted = 0;
    for (RecordingCatalog.Entry e : all) {
      if (e.isLive()) {
        continue;
      }
      boolean tooOld = config.maxAgeDays() > 0 && e.startedAt().isBefore(cutoff);
      boolean tooMuch = config.maxTotalBytes() > 0 && total > config.maxTotalBytes();
      if (!tooOld && !tooMuch) {
        continue;
      }
      long size = e.bytes();
      try {
        Files.deleteIfExists(e.path());
        catalog.remove(e.id());
        total -= size;
        deleted++;
      } catch (IOException ex) {
        LOG.log(System.Logger.Level.WARNING, "recording " + e.path() + " not deleted: " + ex);
      }
    }
    return deleted;
  }
}
