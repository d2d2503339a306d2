/**
 * A bidirectional text channel. The client speaks to this interface, so unit tests
 * can run both ends in one process and integration tests use the real socket.
 */
export interface Transport {
  send(text: string): void;
  close(code?: number, reason?: string): void;
  onMessage(listener: (text: string) => void): void;
  onClose(listener: (reason: string) => void): void;
}
