//! A Secret: base64 data, such as the TLS certificates an Ingress names.

use crate::engine::api::{decode_base64, Secret};
use crate::engine::defaults;
use crate::engine::kinds::{names, KindInfo, Stored};
use crate::engine::schema::{tables, Struct};
use crate::engine::store::Store;
use crate::engine::validation::FieldError;
use crate::engine::validation;

impl Stored for Secret {
    const INFO: KindInfo = names("Secret", "", "secrets", &[], true);

    fn schema() -> &'static Struct {
        &tables::SECRET
    }

    /// `data` is `map[string][]byte`: Go's decoder refuses text that is not base64.
    fn decoded(self) -> Result<Self, String> {
        for text in self.data.values() {
            decode_base64(text)?;
        }
        Ok(self)
    }

    fn default_fields(&mut self) {
        defaults::secret(self);
    }

    fn validate(&self, _old: Option<&Self>, _store: &Store) -> Vec<FieldError> {
        validation::core::secret(self)
    }
}
