/**
 * What is known about booru tags, apart from any caption: Danbooru's implications, aliases and tag
 * counts ({@link dev.loraflow.transforms.tags.knowledge.TagData} fetches them once through the
 * booru client and caches them, {@link dev.loraflow.transforms.tags.knowledge.TagKnowledge} holds
 * them), and the questions the caption stages ask of it: which tags a tag implies ({@link
 * dev.loraflow.transforms.tags.knowledge.Implications}, with the colour + item rule for when no
 * list is at hand), whether a tag exists ({@link
 * dev.loraflow.transforms.tags.knowledge.TagVocabulary}) and what to write instead ({@link
 * dev.loraflow.transforms.tags.knowledge.TagSuggestions}).
 *
 * <p>A package of its own, beside the caption rules of {@code tags}: these are data and lookups,
 * with no Beam in them, and the rules that use them stay small.
 */
package dev.loraflow.transforms.tags.knowledge;
