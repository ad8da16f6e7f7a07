package dev.loraflow.trainer.sample;

import dev.loraflow.trainer.schedule.DdimScheduler;
import dev.loraflow.trainer.schedule.DdpmSchedule;
import dev.loraflow.trainer.schedule.EulerAncestralScheduler;
import dev.loraflow.trainer.schedule.EulerScheduler;
import dev.loraflow.trainer.schedule.Scheduler;
import java.util.Arrays;
import java.util.Locale;

/**
 * The samplers, by kohya's {@code --sample_sampler} names ({@code k_} aliases accepted) and with
 * A1111's labels for the images' metadata.
 */
public enum SamplerKind {
  DDIM("ddim", "DDIM"),
  EULER("euler", "Euler"),
  EULER_A("euler_a", "Euler a"),
  EULER_KARRAS("euler_karras", "Euler Karras"),
  EULER_A_KARRAS("euler_a_karras", "Euler a Karras");

  private final String id;
  private final String label;

  SamplerKind(String id, String label) {
    this.id = id;
    this.label = label;
  }

  /** kohya's name: {@code ddim}, {@code euler_a}, ... */
  public String id() {
    return id;
  }

  /** A1111's name, as its {@code Sampler:} field writes it. */
  public String label() {
    return label;
  }

  /** The sampler called {@code name} (any case, {@code k_euler} = {@code euler}). */
  public static SamplerKind parse(String name) {
    String key = name.strip().toLowerCase(Locale.ROOT);
    String plain = key.startsWith("k_") ? key.substring(2) : key;
    return Arrays.stream(values())
        .filter(k -> k.id.equals(plain) || k.label.toLowerCase(Locale.ROOT).equals(key))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown sampler '" + name + "': use one of " + names()));
  }

  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(SamplerKind::id).toList());
  }

  /** This sampler's scheduler for {@code steps} steps. */
  public Scheduler scheduler(DdpmSchedule schedule, int steps) {
    return switch (this) {
      case DDIM -> DdimScheduler.create(schedule, steps);
      case EULER -> EulerScheduler.create(schedule, steps, false);
      case EULER_A -> EulerAncestralScheduler.create(schedule, steps, false);
      case EULER_KARRAS -> EulerScheduler.create(schedule, steps, true);
      case EULER_A_KARRAS -> EulerAncestralScheduler.create(schedule, steps, true);
    };
  }
}
