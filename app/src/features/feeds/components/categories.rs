//! `/categories` (every category, with its subcategories) and
//! `/admin/categories` (create, edit, hide, reorder, delete; admins only).

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::error::AppError;
use crate::features::accounts::components::{Problem, action_error, field_errors};
use crate::features::feeds::api::{
    DeleteCategory, SaveCategory, get_admin_categories, list_categories,
};
use crate::features::feeds::types::{AdminCategories, CategoryForm, CategoryNode};
use crate::pages::ErrorPage;
use crate::routes;
use crate::ui::{Badge, BadgeTone, ButtonVariant, EmptyState, Skeleton, TextArea, TextField};

/// Every category.
#[component]
pub fn CategoriesPage() -> impl IntoView {
    view! {
        <Title text="Categories"/>
        <Meta name="description" content="Browse Sparkle Universe posts by category."/>
        <header class="relative isolate overflow-hidden py-8 sm:py-12">
            <div aria-hidden="true" class="hero-aurora opacity-60"></div>
            <h1 class="font-display text-3xl font-black tracking-tight sm:text-5xl"><span class="text-gradient">"Categories"</span></h1>
            <p class="mt-3 max-w-2xl text-lg text-muted">"Every corner of the Sparkle fandom, from episode breakdowns to fan art."</p>
        </header>
        <Suspense fallback=|| view! { <Skeleton lines=6 label="Loading categories"/> }>
            {Suspend::new(async move {
                match list_categories().await {
                    Ok(tree) if tree.is_empty() => view! {
                        <EmptyState title="No categories yet" message="An admin adds categories from the dashboard."/>
                    }.into_any(),
                    Ok(tree) => view! {
                        <ul class="grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
                            {tree.into_iter().map(|node| view! { <CategoryCard node/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CategoryCard(node: CategoryNode) -> impl IntoView {
    let total: i32 = node.post_count + node.children.iter().map(|c| c.post_count).sum::<i32>();
    // The category's colour as a band along the top: an SVG fill, not an
    // inline style (which the Content-Security-Policy blocks).
    let accent = node.color.clone().map(|c| {
        view! {
            <svg aria-hidden="true" viewBox="0 0 1 1" preserveAspectRatio="none" class="absolute inset-x-0 top-0 h-1 w-full">
                <rect width="1" height="1" fill=c/>
            </svg>
        }
    });
    view! {
        <li class="card card-glow relative flex flex-col gap-3 overflow-hidden p-5">
            {accent}
            <h2 class="font-display text-xl font-extrabold">
                <a href=routes::category(&node.slug) class="hover:text-sparkle-700 dark:hover:text-sparkle-300">{node.name.clone()}</a>
            </h2>
            {node.description.clone().map(|d| view! { <p class="text-sm text-muted">{d}</p> })}
            <p class="text-xs font-semibold uppercase tracking-wide text-muted">{super::header::plural(i64::from(total), "post")}</p>
            {(!node.children.is_empty()).then(|| view! {
                <ul aria-label=format!("Inside {}", node.name) class="flex flex-wrap gap-2">
                    {node.children.iter().map(|c| view! {
                        <li><a href=routes::category(&c.slug) class="rounded-full border border-line px-3 py-1 text-sm font-medium hover:border-sparkle-400">{c.name.clone()}</a></li>
                    }).collect_view()}
                </ul>
            })}
        </li>
    }
}

/// The category admin.
#[component]
pub fn AdminCategoriesPage() -> impl IntoView {
    view! {
        <Title text="Categories · Admin"/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <div class="py-16"><Skeleton lines=6 label="Loading categories"/></div> }>
            {Suspend::new(async move {
                match get_admin_categories().await {
                    Ok(data) => view! { <AdminView data/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AdminView(data: AdminCategories) -> impl IntoView {
    let query = use_query_map();
    let saved = query.read_untracked().get("saved").is_some();
    let deleted = query.read_untracked().get("deleted").is_some();
    let mut flat = Vec::new();
    flatten(&data.tree, 0, &mut flat);
    let parents: Vec<(String, String)> = flat
        .iter()
        .map(|(depth, node)| {
            (
                node.id.to_string(),
                format!("{}{}", "— ".repeat(*depth), node.name),
            )
        })
        .collect();
    let refused = data.refused;
    let refused_for = move |id: &str| refused.clone().filter(|(form, _)| form.id == id);
    let new_refused = refused_for("");
    view! {
        <div class="mx-auto flex max-w-4xl flex-col gap-6 py-8 sm:py-12">
            <div>
                <h1 class="font-display text-3xl font-black text-ink sm:text-4xl">"Categories"</h1>
                <p class="mt-1 text-muted">"A hidden category leaves the menus and its page closes; its posts stay in the other feeds. Only empty categories can be deleted."</p>
            </div>
            {saved.then(|| view! { <p role="status" class="rounded-2xl border border-emerald-300 bg-emerald-50 px-4 py-3 text-sm font-medium text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-100">"Saved."</p> })}
            {deleted.then(|| view! { <p role="status" class="rounded-2xl border border-line bg-surface px-4 py-3 text-sm">"The category was deleted."</p> })}
            <section id="new" aria-labelledby="new-heading" class="card scroll-mt-20 p-5">
                <h2 id="new-heading" class="font-display text-xl font-bold">"New category"</h2>
                <CategoryEditor form=new_refused.clone().map(|r| r.0).unwrap_or_else(|| CategoryForm { active: Some("on".into()), ..CategoryForm::default() })
                    refused=new_refused.map(|r| r.1) parents=parents.clone()/>
            </section>
            <section aria-labelledby="all-heading" class="flex flex-col gap-3">
                <h2 id="all-heading" class="font-display text-xl font-bold">"All categories"</h2>
                <ul class="flex flex-col gap-3">
                    {flat.into_iter().map(|(depth, node)| {
                        let id = node.id.to_string();
                        let refused = refused_for(&id);
                        let form = refused.clone().map(|r| r.0).unwrap_or_else(|| form_of(node));
                        let parents: Vec<(String, String)> = parents.iter().filter(|(pid, _)| *pid != id).cloned().collect();
                        let open = refused.is_some();
                        view! {
                            <li id=format!("category-{id}") class=format!("card scroll-mt-20 p-4 {}", indent(depth))>
                                <details open=open>
                                    <summary class="flex cursor-pointer flex-wrap items-center gap-2">
                                        <span class="font-semibold">{node.name.clone()}</span>
                                        <span class="text-sm text-muted">"/c/"{node.slug.clone()}</span>
                                        <span class="text-sm text-muted tabular-nums">{super::header::plural(i64::from(node.post_count), "post")}</span>
                                        {(!node.is_active).then(|| view! { <Badge tone=BadgeTone::Neutral>"Hidden"</Badge> })}
                                    </summary>
                                    <CategoryEditor form refused=refused.map(|r| r.1) parents/>
                                    <DeleteButton id=id.clone() name=node.name.clone()/>
                                </details>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </div>
    }
}

fn flatten<'a>(nodes: &'a [CategoryNode], depth: usize, out: &mut Vec<(usize, &'a CategoryNode)>) {
    for node in nodes {
        out.push((depth, node));
        flatten(&node.children, depth + 1, out);
    }
}

fn form_of(node: &CategoryNode) -> CategoryForm {
    CategoryForm {
        id: node.id.to_string(),
        name: node.name.clone(),
        slug: node.slug.clone(),
        description: node.description.clone().unwrap_or_default(),
        color: node.color.clone().unwrap_or_default(),
        parent: node.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        display_order: node.display_order.to_string(),
        active: node.is_active.then(|| "on".into()),
    }
}

#[component]
fn CategoryEditor(
    form: CategoryForm,
    refused: Option<AppError>,
    parents: Vec<(String, String)>,
) -> impl IntoView {
    let action = ServerAction::<SaveCategory>::new();
    let latest = action_error(action);
    let error = Signal::derive(move || latest.get().or_else(|| refused.clone()));
    let prefix = if form.id.is_empty() {
        "new".to_owned()
    } else {
        form.id.clone()
    };
    let select_id = format!("{prefix}-parent");
    let active_id = format!("{prefix}-active");
    let chosen = form.parent.clone();
    view! {
        <ActionForm action attr:class="mt-4 grid gap-4 sm:grid-cols-2">
            <input type="hidden" name="form[id]" value=form.id.clone()/>
            <TextField id=format!("{prefix}-name") name="form[name]" label="Name" value=RwSignal::new(form.name.clone()) errors=field_errors(error, "name")/>
            <TextField id=format!("{prefix}-slug") name="form[slug]" label="Address (slug)" value=RwSignal::new(form.slug.clone()) errors=field_errors(error, "slug")
                hint="Leave empty to make one from the name."/>
            <div class="sm:col-span-2">
                <TextArea name="form[description]" label="Description" value=RwSignal::new(form.description.clone()) errors=field_errors(error, "description") max=500 id=format!("{prefix}-description")/>
            </div>
            <div class="flex flex-col gap-1.5">
                <label for=select_id.clone() class="text-sm font-semibold">"Parent"</label>
                <select id=select_id name="form[parent]" class="field-input">
                    <option value="" selected=chosen.is_empty()>"None (top level)"</option>
                    {parents.into_iter().map(|(id, label)| {
                        let selected = id == chosen;
                        view! { <option value=id selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
                {move || field_errors(error, "parent").get().into_iter().map(|m| view! { <p class="text-sm text-rose-700 dark:text-rose-300">{m}</p> }).collect_view()}
            </div>
            <TextField id=format!("{prefix}-color") name="form[color]" label="Colour" value=RwSignal::new(form.color.clone()) errors=field_errors(error, "color") hint="Like #ec4899."/>
            <TextField id=format!("{prefix}-display_order") name="form[display_order]" label="Order" kind="number" value=RwSignal::new(form.display_order.clone()) errors=field_errors(error, "display_order") hint="Lower numbers come first."/>
            <div class="flex items-center gap-2 self-end pb-2">
                <input id=active_id.clone() type="checkbox" name="form[active]" checked=form.active.is_some() class="h-4 w-4 accent-sparkle-600"/>
                <label for=active_id class="text-sm font-semibold">"Shown in menus and feeds"</label>
            </div>
            {move || error.get().filter(|e| !matches!(e, AppError::Validation { .. })).and_then(|e| e.form_message()).map(|m| view! { <div class="sm:col-span-2"><Problem message=m/></div> })}
            <div class="sm:col-span-2">
                <button type="submit" class=ButtonVariant::Primary.classes() disabled=move || action.pending().get()>
                    {if form.id.is_empty() { "Add category" } else { "Save changes" }}
                </button>
            </div>
        </ActionForm>
    }
}

#[component]
fn DeleteButton(id: String, name: String) -> impl IntoView {
    let action = ServerAction::<DeleteCategory>::new();
    let error = action_error(action);
    view! {
        <ActionForm action attr:class="mt-3 border-t border-line pt-3">
            <input type="hidden" name="id" value=id/>
            <button type="submit" class=ButtonVariant::Ghost.classes() aria-label=format!("Delete {name}")>"Delete"</button>
            {move || error.get().and_then(|e| e.form_message()).map(|m| view! { <Problem message=m/> })}
        </ActionForm>
    }
}

/// How far a category sits in from its parent in the admin list (a class,
/// not an inline style, which the Content-Security-Policy blocks).
fn indent(depth: usize) -> &'static str {
    match depth {
        0 => "ml-0",
        1 => "ml-8",
        2 => "ml-16",
        _ => "ml-24",
    }
}
