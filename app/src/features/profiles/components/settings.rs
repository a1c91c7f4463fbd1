//! `/settings/profile`: pictures, profile fields with a completeness meter,
//! and privacy. Every form works as a plain HTML form without JavaScript.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use send_wrapper::SendWrapper;

use crate::error::AppError;
use crate::features::accounts::components::{FormAlert, Notice, action_error, field_errors};
use crate::features::media::types::{Image, Purpose};
use crate::features::profiles::api::{
    RemovePicture, UpdatePrivacy, UpdateProfile, UploadPicture, get_profile_settings,
    upload_picture,
};
use crate::features::profiles::types::{
    Audience, COMPLETENESS_PARTS, ProfileForm, ProfileSettings, split_interests,
};
use crate::pages::ErrorPage;
use crate::routes;
use crate::ui::{Button, ButtonLink, ButtonVariant, Card, Skeleton, TextArea, TextField};

/// The profile settings page (signed-in people only; 401 otherwise).
#[component]
pub fn ProfileSettingsPage() -> impl IntoView {
    let privacy = ServerAction::<UpdatePrivacy>::new();
    let upload_avatar = upload_action();
    let upload_banner = upload_action();
    let remove = ServerAction::<RemovePicture>::new();
    // Reload only after a save succeeded: a refused save keeps what was typed.
    let saves = RwSignal::new(0u32);
    count_ok(saves, move || {
        privacy.value().with(|v| matches!(v, Some(Ok(_))))
    });
    count_ok(saves, move || {
        upload_avatar.value().with(|v| matches!(v, Some(Ok(_))))
    });
    count_ok(saves, move || {
        upload_banner.value().with(|v| matches!(v, Some(Ok(_))))
    });
    count_ok(saves, move || {
        remove.value().with(|v| matches!(v, Some(Ok(_))))
    });
    let data = Resource::new(move || saves.get(), |_| get_profile_settings());
    let actions = SettingsActions {
        privacy,
        upload_avatar,
        upload_banner,
        remove,
    };
    view! {
        <Title text="Edit profile"/>
        <Meta name="robots" content="noindex"/>
        <Transition fallback=|| view! { <div class="py-16"><Skeleton lines=8 label="Loading your profile settings"/></div> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(settings) => view! { <Settings settings actions/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A picture upload: multipart bodies cannot be a `ServerAction` (they are
/// not `Clone`), so this is a local action over the form's `FormData`.
type Upload = Action<SendWrapper<leptos::web_sys::FormData>, Result<Image, AppError>>;

fn upload_action() -> Upload {
    Action::new_local(|data: &SendWrapper<leptos::web_sys::FormData>| {
        let data: leptos::web_sys::FormData = (**data).clone();
        upload_picture(data.into())
    })
}

/// The error of a no-JavaScript upload, which comes back in the address
/// (`__err`, with `__path` naming the upload function).
fn upload_error_from_query() -> Option<AppError> {
    use server_fn::ServerFn;
    use server_fn::error::FromServerFnError;
    let query = use_query_map();
    let q = query.read_untracked();
    (q.get("__path").as_deref() == Some(<UploadPicture as ServerFn>::PATH))
        .then(|| q.get("__err"))
        .flatten()
        .map(|e| AppError::de(server_fn::Bytes::from(e)))
}

/// Adds one to `n` each time `ok` (one action's latest result) reads true;
/// an action's value changes with every result, so each success counts.
fn count_ok(n: RwSignal<u32>, ok: impl Fn() -> bool + Send + Sync + 'static) {
    Effect::new(move |_| {
        if ok() {
            n.update(|n| *n += 1);
        }
    });
}

#[derive(Clone, Copy)]
struct SettingsActions {
    privacy: ServerAction<UpdatePrivacy>,
    upload_avatar: Upload,
    upload_banner: Upload,
    remove: ServerAction<RemovePicture>,
}

#[component]
fn Settings(settings: ProfileSettings, actions: SettingsActions) -> impl IntoView {
    let query = use_query_map();
    let saved = move || {
        query.read().get("saved").map(|what| match what.as_str() {
            "profile" => "Profile saved.",
            "privacy" => "Privacy choices saved.",
            "avatar" => "New profile picture saved.",
            "banner" => "New banner saved.",
            _ => "Picture removed.",
        })
    };
    let profile_href = routes::profile(&settings.username);
    let (avatar, banner) = (settings.avatar.clone(), settings.banner.clone());
    view! {
        <div class="mx-auto flex max-w-3xl flex-col gap-8 py-10">
            <header class="flex flex-wrap items-end justify-between gap-3">
                <div>
                    <h1 class="font-display text-3xl font-extrabold tracking-tight"><span class="text-gradient">"Your profile"</span></h1>
                    <p class="mt-1 text-muted">"How other fans see you, and who sees what."</p>
                </div>
                <ButtonLink href=profile_href variant=ButtonVariant::Secondary>"View profile"</ButtonLink>
            </header>
            {move || saved().map(|m| view! { <Notice>{m}</Notice> })}
            <Completeness settings=settings.clone()/>
            <Card>
                <h2 class="font-display text-xl font-bold">"Pictures"</h2>
                <p class="mt-1 text-sm text-muted">"PNG, JPEG, GIF or WebP, up to 8 MB. We strip location and camera details from every picture."</p>
                <div class="mt-3"><FormAlert error=Signal::stored(upload_error_from_query())/></div>
                <div class="mt-5 grid gap-6 sm:grid-cols-2">
                    <PictureForm purpose=Purpose::Avatar current=avatar action=actions.upload_avatar remove=actions.remove/>
                    <PictureForm purpose=Purpose::Banner current=banner action=actions.upload_banner remove=actions.remove/>
                </div>
            </Card>
            <ProfileFormCard form=settings.form.clone()/>
            <PrivacyCard settings=settings.clone() action=actions.privacy/>
        </div>
    }
}

#[component]
fn Completeness(settings: ProfileSettings) -> impl IntoView {
    let clean = settings.form.clean().unwrap_or_default();
    let done = clean.parts_done(settings.avatar.is_some(), settings.banner.is_some());
    let score = settings.completeness;
    let missing: Vec<_> = COMPLETENESS_PARTS
        .iter()
        .zip(done)
        .filter(|(_, d)| !*d)
        .map(|((label, weight), _)| (*label, *weight))
        .collect();
    view! {
        <Card glow=score == 100>
            <div class="flex items-center justify-between gap-3">
                <h2 id="completeness-heading" class="font-display text-xl font-bold">"Profile completeness"</h2>
                <span class="font-display text-2xl font-extrabold tabular-nums text-gradient">{score}"%"</span>
            </div>
            <progress class="progress-bar mt-3 h-3" max="100" value=score
                aria-labelledby="completeness-heading">{format!("{score}%")}</progress>
            {if missing.is_empty() {
                view! { <p class="mt-3 text-sm font-medium">"Your profile is complete. Fans will love it."</p> }.into_any()
            } else {
                view! {
                    <p class="mt-3 text-sm text-muted">"Still to add:"</p>
                    <ul class="mt-2 flex flex-wrap gap-2">
                        {missing.into_iter().map(|(label, weight)| view! {
                            <li class="rounded-full border border-line px-3 py-1 text-sm">{label}" "<span class="text-muted">"+"{weight}"%"</span></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </Card>
    }
}

#[component]
fn PictureForm(
    purpose: Purpose,
    current: Option<Image>,
    action: Upload,
    remove: ServerAction<RemovePicture>,
) -> impl IntoView {
    let value = action.value();
    let error = Signal::derive(move || match value.get() {
        Some(Err(e)) => Some(e),
        _ => None,
    });
    let (label, id) = match purpose {
        Purpose::Banner => ("Banner", "banner"),
        _ => ("Profile picture", "avatar"),
    };
    let input_id = format!("field-{id}-file");
    let error_id = format!("{input_id}-error");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        use leptos::wasm_bindgen::JsCast;
        ev.prevent_default();
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        if let Ok(data) = leptos::web_sys::FormData::new_with_form(&form) {
            action.dispatch_local(SendWrapper::new(data));
        }
    };
    let preview = match (&current, purpose) {
        (Some(img), Purpose::Banner) => view! {
            <img src=img.thumb_url.clone() alt="Your banner" width=img.width height=img.height
                class="h-20 w-full rounded-2xl object-cover"/>
        }
        .into_any(),
        (Some(img), _) => view! {
            <img src=img.thumb_url.clone() alt="Your profile picture" width="80" height="80"
                class="h-20 w-20 rounded-full object-cover ring-2 ring-sparkle-300"/>
        }
        .into_any(),
        (None, Purpose::Banner) => view! {
            <div class="h-20 w-full rounded-2xl bg-gradient-to-r from-sparkle-400 via-violet-500 to-sky-400" aria-hidden="true"></div>
        }
        .into_any(),
        (None, _) => view! {
            <div class="h-20 w-20 rounded-full bg-gradient-to-br from-sparkle-400 to-violet-500" aria-hidden="true"></div>
        }
        .into_any(),
    };
    let has_current = current.is_some();
    let upload_path = <UploadPicture as server_fn::ServerFn>::PATH;
    view! {
        <section class="flex flex-col gap-3" aria-labelledby=format!("{id}-heading")>
            <h3 id=format!("{id}-heading") class="font-semibold">{label}</h3>
            {preview}
            <form method="post" action=upload_path enctype="multipart/form-data" on:submit=on_submit class="flex flex-col gap-2">
                <input type="hidden" name="purpose" value=purpose.as_str()/>
                <label for=input_id.clone() class="text-sm font-medium">"Choose a new "{label.to_lowercase()}</label>
                <input id=input_id type="file" name="file" accept="image/png,image/jpeg,image/gif,image/webp" required
                    aria-describedby=error_id.clone()
                    aria-invalid=move || error.with(|e| e.is_some()).to_string()
                    class="block w-full text-sm file:mr-3 file:rounded-full file:border-0 file:bg-sparkle-500/10 file:px-4 file:py-2 file:font-semibold file:text-sparkle-800 dark:file:text-sparkle-200"/>
                <p id=error_id class="text-sm font-medium text-red-700 dark:text-red-300" aria-live="polite">
                    {move || error.with(|e| e.as_ref().map(|e| {
                        let m = e.field_messages("file");
                        if m.is_empty() { e.form_message().unwrap_or_default() } else { m.join(" ") }
                    }))}
                </p>
                <div class="flex flex-wrap gap-2">
                    <Button kind="submit" disabled=action.pending()>
                        {move || if action.pending().get() { "Uploading…" } else { "Upload" }}
                    </Button>
                </div>
            </form>
            {has_current.then(|| view! {
                <ActionForm action=remove>
                    <input type="hidden" name="purpose" value=purpose.as_str()/>
                    <Button kind="submit" variant=ButtonVariant::Ghost>"Remove "{label.to_lowercase()}</Button>
                </ActionForm>
            })}
        </section>
    }
}

/// The profile fields, an island (in its own WASM chunk): the interests
/// preview follows the typing, and a refusal shows in place with nothing
/// typed lost (a save reloads the page, with the new completeness).
#[island(lazy)]
fn ProfileFormCard(form: ProfileForm) -> impl IntoView {
    crate::hydration::keep_typed();
    let action = ServerAction::<UpdateProfile>::new();
    let error = action_error(action);
    let f = form;
    let display_name = RwSignal::new(f.display_name);
    let bio = RwSignal::new(f.bio);
    let pronouns = RwSignal::new(f.pronouns);
    let location = RwSignal::new(f.location);
    let website = RwSignal::new(f.website);
    let twitter = RwSignal::new(f.twitter);
    let instagram = RwSignal::new(f.instagram);
    let tiktok = RwSignal::new(f.tiktok);
    let discord = RwSignal::new(f.discord);
    let youtube = RwSignal::new(f.youtube);
    let interests = RwSignal::new(f.interests);
    let chips = move || split_interests(&interests.get());
    view! {
        <Card>
            <h2 class="font-display text-xl font-bold">"About you"</h2>
            <ActionForm action attr:class="mt-5 flex flex-col gap-5" attr:novalidate=true>
                <FormAlert error/>
                <div class="grid gap-5 sm:grid-cols-2">
                    <TextField name="display_name" label="Display name" value=display_name hint="Up to 50 characters. Leave empty to use your username."
                        errors=field_errors(error, "display_name") autocomplete="nickname"/>
                    <TextField name="pronouns" label="Pronouns" value=pronouns hint="For example she/her, they/them."
                        errors=field_errors(error, "pronouns")/>
                </div>
                <TextArea name="bio" label="Bio" value=bio max=500 hint="A few lines about you and your favourite Sparkle moments."
                    errors=field_errors(error, "bio")/>
                <div class="grid gap-5 sm:grid-cols-2">
                    <TextField name="location" label="Location" value=location errors=field_errors(error, "location")/>
                    <TextField name="website" label="Website" kind="url" value=website hint="https://…"
                        errors=field_errors(error, "website") autocomplete="url"/>
                </div>
                <TextField name="interests" label="Interests" value=interests hint="Separate them with commas, up to 10."
                    errors=field_errors(error, "interests")/>
                <ul class="-mt-3 flex flex-wrap gap-2" aria-label="Interests preview">
                    {move || chips().into_iter().map(|c| view! {
                        <li class="rounded-full bg-sparkle-500/10 px-3 py-1 text-sm font-medium text-sparkle-800 dark:text-sparkle-200">{c}</li>
                    }).collect_view()}
                </ul>
                <fieldset class="flex flex-col gap-5">
                    <legend class="mb-3 font-semibold">"Elsewhere"</legend>
                    <div class="grid gap-5 sm:grid-cols-2">
                        <TextField name="twitter" label="X (Twitter) handle" value=twitter errors=field_errors(error, "twitter")/>
                        <TextField name="instagram" label="Instagram" value=instagram errors=field_errors(error, "instagram")/>
                        <TextField name="tiktok" label="TikTok" value=tiktok errors=field_errors(error, "tiktok")/>
                        <TextField name="discord" label="Discord" value=discord errors=field_errors(error, "discord")/>
                    </div>
                    <TextField name="youtube" label="YouTube channel" value=youtube hint="Your channel's address or @handle."
                        errors=field_errors(error, "youtube")/>
                </fieldset>
                <div><Button kind="submit" disabled=action.pending()>"Save profile"</Button></div>
            </ActionForm>
        </Card>
    }
}

#[component]
fn PrivacyCard(settings: ProfileSettings, action: ServerAction<UpdatePrivacy>) -> impl IntoView {
    let error = action_error(action);
    let choice = move |name: &'static str, legend: &'static str, current: Audience| {
        view! {
            <fieldset class="flex flex-col gap-2">
                <legend class="mb-1 font-semibold">{legend}</legend>
                {Audience::ALL.into_iter().map(|a| {
                    let id = format!("{name}-{}", a.as_str());
                    view! {
                        <label for=id.clone() class="flex items-center gap-2 text-sm">
                            <input id=id.clone() type="radio" name=name value=a.as_str() checked=a == current class="h-4 w-4 accent-sparkle-500"/>
                            {a.label()}
                        </label>
                    }
                }).collect_view()}
                <p class="text-sm font-medium text-red-700 dark:text-red-300">{move || field_errors(error, name).get().join(" ")}</p>
            </fieldset>
        }
    };
    view! {
        <Card>
            <h2 class="font-display text-xl font-bold">"Privacy"</h2>
            <ActionForm action attr:class="mt-5 flex flex-col gap-5">
                <FormAlert error/>
                <div class="grid gap-5 sm:grid-cols-2">
                    {choice("followers_visibility", "Who can see my followers and following", settings.followers_visibility)}
                    {choice("message_privacy", "Who can message me", settings.message_privacy)}
                </div>
                <label class="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="show_online_status" checked=settings.show_online_status class="h-4 w-4 accent-sparkle-500"/>
                    "Show others when I'm online"
                </label>
                <div><Button kind="submit" disabled=action.pending()>"Save privacy"</Button></div>
            </ActionForm>
        </Card>
    }
}
