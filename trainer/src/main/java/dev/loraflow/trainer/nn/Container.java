package dev.loraflow.trainer.nn;

/**
 * A module whose children have names fixed by the checkpoint rather than by meaning, such as ldm's
 * {@code in_layers.0} / {@code in_layers.2} (the gaps are parameterless SiLU layers).
 */
public final class Container extends Module {

  public <M extends Module> M add(String name, M module) {
    return child(name, module);
  }
}
