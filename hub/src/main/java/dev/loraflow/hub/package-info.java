/**
 * Hugging Face downloads, for the tagger's model and the trainer's base models alike.
 *
 * <p>{@link dev.loraflow.hub.HubFile} names one file of a repo at a revision (and reads the {@code
 * hf:owner/name/file} and {@code https://huggingface.co/...} forms), {@link
 * dev.loraflow.hub.HubToken} finds the access token where huggingface_hub does, and {@link
 * dev.loraflow.hub.HubClient} fetches a file into a local path: resumed after a broken connection,
 * checked against the size and SHA-256 the Hub announces, renamed into place atomically, with the
 * token sent to the Hub only. {@link dev.loraflow.hub.DownloadProgress} lets the caller show the
 * transfer. OkHttp is the only dependency.
 */
package dev.loraflow.hub;
