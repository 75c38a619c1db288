//! Small copyable handles into the store's tables. A handle is only meaningful for the store (or
//! vocabulary) that issued it.

macro_rules! handle {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        pub struct $name(pub u32);

        impl $name {
            /// The handle as an index into its table.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

handle!(
    /// An entity of the vocabulary (country, person, organization, group).
    EntityId
);
handle!(
    /// A property of the vocabulary ("bilateral-trade", "visits").
    PropertyId
);
handle!(
    /// A source: one article and its claim file.
    SourceId
);
handle!(
    /// A claim, stated by a source or derived by a rule.
    ClaimId
);
handle!(
    /// A loaded text file: claim file, vocabulary or rule file, or archived article.
    FileId
);
handle!(
    /// A declared rule.
    RuleId
);
handle!(
    /// An interned claim key: subject, property and qualifiers.
    KeyId
);
