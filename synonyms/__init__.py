"""The POPs domain as data: the chemicals registry, the topic taxonomy, and the files compiled from them."""
