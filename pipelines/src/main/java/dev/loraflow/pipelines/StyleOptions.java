package dev.loraflow.pipelines;

/**
 * Options of the style recipe. Captions keep their tags; {@code --removeTags} lists the redundant
 * ones (e.g. {@code highres, absurdres, commentary request}); {@code --trigger} is optional.
 *
 * <pre>
 * mvn -q compile exec:java -Dpipeline=style \
 *   -Dexec.args="--input=/data/artist --name=inkwash --removeTags='highres,absurdres'"
 * </pre>
 */
public interface StyleOptions extends RecipeOptions {}
