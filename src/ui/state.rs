//! The page's state: one `session::Session` behind a Yew reducer that forwards every action to it. `window.kplay`
//! shares the same session.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use yew::{Reducible, UseReducerHandle};

use crate::session::{Action, Session};
use crate::shell::Shell;

/// The session as components share it: equal when it is the same session, whatever its contents.
#[derive(Debug, Clone)]
pub struct SessionHandle(pub Rc<RefCell<Session>>);

impl PartialEq for SessionHandle {
    fn eq(&self, other: &SessionHandle) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The session is shared and mutated in place; `version` changes with every action so components know to redraw,
/// `cluster_version` with every action but an edit of a file's text, which changes no object in the cluster.
pub struct Playground {
    session: Rc<RefCell<Session>>,
    pub version: u64,
    pub cluster_version: u64,
}

impl Playground {
    /// The page's first session: a share link's when the URL has one, else the one this browser saved.
    /// An embed's session comes from its options.
    pub fn restored(embed: Option<&crate::session::embed::EmbedOptions>) -> Playground {
        let session = match embed {
            Some(options) => crate::ui::embed::session(options),
            None => {
                let (mut session, link_error) = crate::ui::share::opening_session();
                session.link_error = link_error;
                session
            }
        };
        Playground {
            session: Rc::new(RefCell::new(session)),
            version: 0,
            cluster_version: 0,
        }
    }

    pub fn session(&self) -> Ref<'_, Session> {
        self.session.borrow()
    }

    pub fn shell(&self) -> Ref<'_, Shell> {
        Ref::map(self.session.borrow(), |s| &s.shell)
    }

    /// The shared session, for `window.kplay` and the components that redraw on their own counters.
    pub fn handle(&self) -> SessionHandle {
        SessionHandle(Rc::clone(&self.session))
    }
}

/// Two handles are equal when they show the same version of the same session.
impl PartialEq for Playground {
    fn eq(&self, other: &Playground) -> bool {
        self.version == other.version && Rc::ptr_eq(&self.session, &other.session)
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let typed = matches!(action, Action::Edit { .. });
        self.session.borrow_mut().act(action);
        Rc::new(Playground {
            session: Rc::clone(&self.session),
            version: self.version + 1,
            cluster_version: self.cluster_version + u64::from(!typed),
        })
    }
}

/// The playground as the panels that draw the cluster take it (the topology, its details, the requests and the
/// events): equal while the cluster is, so a keystroke in an editor does not lay out and redraw them. It keeps the
/// cluster version it was made with: read through a reducer handle, `cluster_version` is always the newest, so two
/// views compared that way would always agree and the panels would never redraw.
#[derive(Clone)]
pub struct ClusterView {
    playground: UseReducerHandle<Playground>,
    cluster_version: u64,
}

impl ClusterView {
    pub fn new(playground: &UseReducerHandle<Playground>) -> ClusterView {
        ClusterView {
            cluster_version: playground.cluster_version,
            playground: playground.clone(),
        }
    }

    /// The cluster version this view shows.
    pub fn cluster_version(&self) -> u64 {
        self.cluster_version
    }
}

impl PartialEq for ClusterView {
    fn eq(&self, other: &ClusterView) -> bool {
        self.cluster_version == other.cluster_version
            && Rc::ptr_eq(&self.playground.session, &other.playground.session)
    }
}

impl std::ops::Deref for ClusterView {
    type Target = UseReducerHandle<Playground>;

    fn deref(&self) -> &Self::Target {
        &self.playground
    }
}
