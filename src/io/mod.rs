//! Readers and writers: files -> `Mode`.
