/// File descriptors beyond the four fixed ones (0 input, 1/2 console, 3 public output): the
/// pipes and epoll instances the Go runtime's network poller creates for its timers. They live
/// in ``KernelState``, so segments snapshot them like everything else.
public enum OpenDescriptor: Hashable, Sendable {
    /// The read end of pipe `pipe` (its bytes are in ``KernelState/pipes``).
    case pipeReader(pipe: UInt32)
    /// The write end of pipe `pipe`.
    case pipeWriter(pipe: UInt32)
    /// An epoll instance and the descriptors it watches.
    case epoll(interests: [UInt32: EpollInterest])
}

/// What an epoll instance watches on one descriptor (`struct epoll_event`).
public struct EpollInterest: Hashable, Sendable {
    public var events: UInt32
    public var data: UInt64

    public init(events: UInt32, data: UInt64) {
        self.events = events
        self.data = data
    }
}

extension KernelState {
    /// The lowest free descriptor number (≥ 4, as Linux hands out the lowest free one).
    var lowestFreeDescriptor: UInt32 {
        var fd: UInt32 = 4
        while descriptors[fd] != nil { fd += 1 }
        return fd
    }

    /// Whether `fd` is open.
    func isOpen(_ fd: UInt32) -> Bool { fd <= 3 || descriptors[fd] != nil }

    /// Whether some descriptor is the write end of `pipe`.
    func hasWriter(_ pipe: UInt32) -> Bool { descriptors.values.contains(.pipeWriter(pipe: pipe)) }

    /// Whether some descriptor is the read end of `pipe`.
    func hasReader(_ pipe: UInt32) -> Bool { descriptors.values.contains(.pipeReader(pipe: pipe)) }

    /// Closes a descriptor above 3: drops it from every epoll instance and frees an abandoned pipe.
    mutating func close(_ fd: UInt32) {
        guard let descriptor = descriptors.removeValue(forKey: fd) else { return }
        for (other, candidate) in descriptors {
            if case var .epoll(interests) = candidate, interests.removeValue(forKey: fd) != nil {
                descriptors[other] = .epoll(interests: interests)
            }
        }
        switch descriptor {
        case let .pipeReader(pipe), let .pipeWriter(pipe):
            if !hasReader(pipe) && !hasWriter(pipe) { pipes[pipe] = nil }
        case .epoll: break
        }
    }
}
