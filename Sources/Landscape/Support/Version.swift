/// The version of the library and of its command line, `landscape --version`.
public let landscapeVersion = "0.2.0"
