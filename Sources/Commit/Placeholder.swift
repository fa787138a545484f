public enum CommitPlaceholder {}
