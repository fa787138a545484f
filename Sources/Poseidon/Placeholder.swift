public enum PoseidonPlaceholder {}
