import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ArrowLeftIcon } from './icons';
import './page-header.css';

export interface BackLinkProps {
  /** Where the link goes: the page one level up. */
  to: string;
  /** Its words: the name of that page (a workspace's name, say). */
  label: ReactNode;
}

/** The way back up from a page: a breadcrumb with one link, "← <the page above>". */
export function Breadcrumb({ to, label }: BackLinkProps) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <Link to={to}>
        <ArrowLeftIcon /> {label}
      </Link>
    </nav>
  );
}

export interface PageHeaderProps {
  /** The breadcrumb's back-link above the header, if the page has a page above it. */
  back?: BackLinkProps;
  /** The page's title: its one h1. */
  title?: ReactNode;
  /** The h1's id, for a page labelled by its title (aria-labelledby). */
  titleId?: string;
  /** A title block of the page's own in place of `title` (a title that can be renamed, say); it holds the h1. */
  heading?: ReactNode;
  /**
   * Status and buttons beside the title. Given (even when it renders nothing for now), the header
   * is one row: the title on one side, these on the other.
   */
  actions?: ReactNode;
  /** Lines under the title. */
  children?: ReactNode;
}

/** The top of a page: the back-link, the title (with lines under it) and, optionally, actions beside it. */
export function PageHeader({ back, title, titleId, heading, actions, children }: PageHeaderProps) {
  return (
    <>
      {back && <Breadcrumb {...back} />}
      <header className={actions === undefined ? 'page-header' : 'document-header'}>
        {heading ?? <h1 id={titleId}>{title}</h1>}
        {children}
        {actions}
      </header>
    </>
  );
}
