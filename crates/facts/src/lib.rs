//! Checkable fact extraction, disagreement detection and story digests for newsfold.
